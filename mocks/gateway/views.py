"""The mock gateway's HTTP API. Bearer token on every call; deliveries carry an ``Idempotency-Key`` header.

Delivery endpoints go through the fault mode first; the control, history and forwarding endpoints do not,
so that a test can always see and steer what the gateway is doing.
"""

import functools
import json
import re
import secrets
import time

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mocks.gateway.models import Control, Forward, Publication, Rating, Receipt

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
LEVELS = ("full", "partial")
RATINGS = ("satisfied", "neutral", "dissatisfied")


class Malformed(Exception):
    pass


def api(methods):
    """Bearer token, JSON body, method check: the frame every endpoint shares."""

    def wrap(view):
        @csrf_exempt
        @require_http_methods(methods)
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            token = settings.MOCK_GATEWAY_TOKEN
            if not token or request.headers.get("Authorization") != f"Bearer {token}":
                return JsonResponse({"error": "unauthorized"}, status=401)
            body = {}
            if request.method == "POST" and request.body:
                try:
                    body = json.loads(request.body)
                except ValueError:
                    return JsonResponse({"error": "body is not JSON"}, status=400)
                if not isinstance(body, dict):
                    return JsonResponse({"error": "body is not an object"}, status=400)
            try:
                return view(request, body, *args, **kwargs)
            except Malformed as exc:
                return JsonResponse({"error": str(exc)}, status=422)

        return inner

    return wrap


def _take_fault():
    """The fault to apply to this delivery, if any; a counted fault is used up one request at a time."""
    control = Control.current()
    if control.mode == Control.Mode.OK:
        return None
    if control.remaining is not None:
        with transaction.atomic():
            used = Control.objects.filter(pk=1, remaining__gt=0).update(remaining=F("remaining") - 1)
            Control.objects.filter(pk=1, remaining__lte=0).update(mode=Control.Mode.OK, remaining=None)
        if not used:
            return None
    return control


def _require(body, *fields):
    missing = [f for f in fields if body.get(f) in (None, "")]
    if missing:
        raise Malformed(f"missing fields: {', '.join(missing)}")


def delivery(kind, validate, ref_of, apply=None):
    """A delivery endpoint: fault mode, validation, dedup by idempotency key, history, answer."""

    @api(["POST"])
    def view(request, body, **kwargs):
        key = request.headers.get("Idempotency-Key", "")
        if not key:
            raise Malformed("Idempotency-Key header is required")
        fault = _take_fault()
        if fault and fault.mode == Control.Mode.ERROR:
            return JsonResponse({"error": "injected failure"}, status=fault.status_code)
        if fault and fault.mode == Control.Mode.RATE_LIMIT:
            response = JsonResponse({"error": "rate limited"}, status=429)
            response["Retry-After"] = str(fault.retry_after)
            return response
        if fault and fault.mode == Control.Mode.SLOW:
            time.sleep(fault.delay)
        validate(body, **kwargs)
        answer = _record(kind, key, ref_of(body, **kwargs), body, apply)
        if fault and fault.mode == Control.Mode.LOSE:
            return HttpResponse(status=502)
        return JsonResponse(answer)

    return view


def _record(kind, key, ref, body, apply):
    try:
        with transaction.atomic():
            receipt = Receipt.objects.create(
                idempotency_key=key, kind=kind, ref=ref, payload=body, ack_id=secrets.token_hex(8)
            )
            if apply:
                apply(body, receipt)
            return {"ack_id": receipt.ack_id, "duplicate": False}
    except IntegrityError:
        Receipt.objects.filter(idempotency_key=key).update(duplicates=F("duplicates") + 1)
        return {"ack_id": Receipt.objects.get(idempotency_key=key).ack_id, "duplicate": True}


def _validate_publication(body):
    _require(body, "national_code", "agency_code", "name", "level")
    if not NATIONAL_CODE.match(str(body["national_code"])):
        raise Malformed("national_code looks like 1.001612")
    if body["level"] not in LEVELS:
        raise Malformed(f"level is one of {LEVELS}")


def _validate_unpublication(body):
    _require(body, "national_code", "agency_code")


def _validate_filing_update(body, code):
    _require(body, "filing_code")
    if body["filing_code"] != code:
        raise Malformed("filing_code does not match the URL")
    if body.get("topic", "filing.status") == "filing.status":
        _require(body, "status", "at")
    if body.get("topic") == "filing.rating":
        _require(body, "rating", "rated_at", "at")
        if body["rating"] not in RATINGS:
            raise Malformed(f"rating is one of {RATINGS}")
        if not (_moment(body["rated_at"]) and _moment(body["at"])):
            raise Malformed("rated_at and at are ISO 8601 date-times with their offset")


def _moment(value):
    try:
        moment = parse_datetime(str(value))
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _validate_payment(body):
    _require(body, "filing_code")


def _publication_ref(body, **kwargs):
    return f"{body['national_code']}@{body['agency_code']}"


def _set_publication(published):
    def apply(body, receipt):
        Publication.objects.update_or_create(
            national_code=body["national_code"],
            agency_code=body["agency_code"],
            defaults={
                "published": published,
                "payload": body,
                "ack_id": receipt.ack_id,
                "updated_at": timezone.now(),
            },
        )

    return apply


publish = delivery(Receipt.Kind.PUBLICATION, _validate_publication, _publication_ref, _set_publication(True))
unpublish = delivery(
    Receipt.Kind.UNPUBLICATION, _validate_unpublication, _publication_ref, _set_publication(False)
)


def _keep_rating(body, receipt):
    """A rating (topic ``filing.rating``) is kept as the filing's latest rating; other updates are history."""
    if body.get("topic") != "filing.rating":
        return
    Rating.objects.update_or_create(
        filing_code=body["filing_code"],
        defaults={
            "value": body["rating"],
            "comment": body.get("comment") or "",
            "rated_at": body["rated_at"],
            "updated_at": body["at"],
            "ack_id": receipt.ack_id,
        },
    )


filing_update = delivery(
    Receipt.Kind.FILING_UPDATE, _validate_filing_update, lambda body, code: code, _keep_rating
)
payment_result = delivery(Receipt.Kind.PAYMENT, _validate_payment, lambda body: body["filing_code"])


def _receipt_json(receipt):
    return {
        "kind": receipt.kind,
        "idempotency_key": receipt.idempotency_key,
        "received_at": receipt.received_at.isoformat(),
        "duplicates": receipt.duplicates,
        **receipt.payload,
    }


@api(["GET"])
def filing_history(request, body, code):
    """Everything the national side has seen of one filing, in the order it arrived."""
    receipts = Receipt.objects.filter(ref=code).order_by("id")
    return JsonResponse({"filing_code": code, "history": [_receipt_json(r) for r in receipts]})


@api(["GET"])
def filing_rating(request, body, code):
    """The filing's latest satisfaction rating as the national portal holds it (404 if none)."""
    rating = Rating.objects.filter(filing_code=code).first()
    if rating is None:
        return JsonResponse({"error": "no rating"}, status=404)
    fields = ("filing_code", "value", "comment", "ack_id")
    answer = {f: getattr(rating, f) for f in fields}
    return JsonResponse(
        answer | {"rated_at": rating.rated_at.isoformat(), "updated_at": rating.updated_at.isoformat()}
    )


@api(["GET"])
def publications(request, body):
    rows = Publication.objects.order_by("national_code", "agency_code")
    return JsonResponse(
        {
            "publications": [
                {"national_code": p.national_code, "agency_code": p.agency_code, "published": p.published}
                | {"ack_id": p.ack_id, "name": p.payload.get("name")}
                for p in rows
            ]
        }
    )


@api(["GET"])
def stats(request, body):
    totals = Receipt.objects.aggregate(duplicates=Sum("duplicates"))
    return JsonResponse({"received": Receipt.objects.count(), "duplicates": totals["duplicates"] or 0})


@api(["GET", "POST"])
def control(request, body):
    """Read or set the fault mode: {"mode": "error", "remaining": 3, "status_code": 503, ...}."""
    current = Control.current()
    if request.method == "POST":
        mode = body.get("mode", Control.Mode.OK)
        if mode not in Control.Mode.values:
            raise Malformed(f"mode is one of {Control.Mode.values}")
        current.mode = mode
        current.remaining = body.get("remaining")
        current.status_code = int(body.get("status_code", 503))
        current.delay = float(body.get("delay", 0))
        current.retry_after = int(body.get("retry_after", 1))
        current.save()
    fields = ("mode", "remaining", "status_code", "delay", "retry_after")
    return JsonResponse({f: getattr(current, f) for f in fields})


@api(["POST"])
def forward_filing(request, body):
    """Forward a filing a citizen submitted on the national portal to the province's inbound endpoint."""
    _require(body, "national_id", "procedure_code", "agency_code", "applicant_name", "applicant_personal_id")
    forward = Forward.objects.create(national_id=body["national_id"], payload=body)
    try:
        response = requests.post(
            settings.MOCK_GATEWAY_PROVINCE_INBOUND_URL,
            json=body,
            headers={"Authorization": f"Bearer {settings.MOCK_GATEWAY_PROVINCE_TOKEN}"},
            timeout=(3, 15),
        )
    except requests.RequestException as exc:
        forward.response = repr(exc)
        forward.save()
        return JsonResponse({"error": "province unreachable", "detail": repr(exc)}, status=502)
    forward.status_code, forward.response = response.status_code, response.text[:2000]
    forward.save()
    try:
        province_answer = response.json()
    except ValueError:
        province_answer = {"text": response.text[:500]}
    return JsonResponse({"province_status": response.status_code, "province": province_answer})
