"""Filings the national gateway forwards: who may forward them and how a body becomes a filing.

Shared by the plain endpoint (``/gateway/inbound/filings/``) and the API's (``/api/v1/gateway/...``), so
that the token check and the body's rules live in one place.
"""

import hmac

from django.conf import settings

from services import services
from services.exceptions import InvalidInput
from services.models import Procedure

REQUIRED = ("national_id", "procedure_code", "agency_code", "applicant_name", "applicant_personal_id")
CONTACT = ("applicant_phone", "applicant_email", "applicant_address")


def is_gateway(authorization):
    """The ``Authorization`` header is the gateway's bearer token (constant-time; refused if none is set)."""
    token = settings.NATIONAL_GATEWAY_INBOUND_TOKEN
    return bool(token) and hmac.compare_digest((authorization or "").encode(), f"Bearer {token}".encode())


def receive_forwarded(body):
    """Turn a forwarded body into a submitted filing, once per national id; returns (filing, created)."""
    missing = [f for f in REQUIRED if not body.get(f)]
    if missing:
        raise InvalidInput(f"Thiếu / missing: {', '.join(missing)}", code="missing")
    procedure = Procedure.objects.filter(
        national_code=body["procedure_code"], agency__code=body["agency_code"], is_active=True
    ).first()
    if procedure is None:
        raise InvalidInput(f"Không có thủ tục / unknown procedure {body['procedure_code']}", code="procedure")
    return services.receive_national_filing(
        national_id=str(body["national_id"]),
        procedure=procedure,
        applicant_name=body["applicant_name"],
        applicant_personal_id=str(body["applicant_personal_id"]),
        **{k: body[k] for k in CONTACT if body.get(k)},
    )
