"""The national gateway forwards filings through the API: its bearer token, idempotent by national id."""

import pytest

from services.constants import Channel
from services.constants import FilingStatus as S
from services.models import Filing
from tests.api.conftest import client_for

TOKEN = "gateway-inbound-token-for-tests"
URL = "/api/v1/gateway/inbound/filings/"


@pytest.fixture
def gateway(settings):
    settings.NATIONAL_GATEWAY_INBOUND_TOKEN = TOKEN
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return client


def _forwarded(world, national_id="G-2026-000001"):
    return {
        "national_id": national_id,
        "procedure_code": world["procedure"].national_code,
        "agency_code": world["agency"].code,
        "applicant_name": "Phạm Thị Dung",
        "applicant_personal_id": "001190000777",
        "applicant_phone": "0912345678",
    }


def test_a_filing_forwarded_three_times_by_the_gateway_is_created_once(world, gateway):
    answers = [gateway.post(URL, _forwarded(world), format="json") for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert [a.json()["created"] for a in answers] == [True, False, False]
    assert len({a.json()["code"] for a in answers}) == 1
    filing = Filing.objects.get(national_id="G-2026-000001")
    assert (filing.status, filing.channel) == (S.SUBMITTED, Channel.NATIONAL_GATEWAY)
    assert answers[0].json() == {
        "code": filing.code,
        "national_id": "G-2026-000001",
        "status": S.SUBMITTED,
        "created": True,
    }


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Token {TOKEN}", TOKEN],
    ids=["none", "wrong", "token-scheme", "bare"],
)
def test_only_the_gateways_bearer_token_forwards_a_filing(world, gateway, authorization):
    client = client_for(None)
    if authorization:
        client.credentials(HTTP_AUTHORIZATION=authorization)
    response = client.post(URL, _forwarded(world), format="json")
    assert response.status_code == 401
    assert response.json()["code"] in {"not_authenticated", "authentication_failed"}
    assert not Filing.objects.exists()


def test_no_inbound_token_configured_refuses_every_caller(world, gateway, settings):
    settings.NATIONAL_GATEWAY_INBOUND_TOKEN = ""
    assert gateway.post(URL, _forwarded(world), format="json").status_code == 401


def test_a_forwarded_filing_for_an_unknown_procedure_or_missing_fields_answers_400(world, gateway):
    unknown = gateway.post(URL, {**_forwarded(world), "procedure_code": "9.999999"}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "procedure")
    missing = gateway.post(URL, {"national_id": "G-1"}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (400, "invalid")
    assert "procedure_code" in missing.json()["errors"]
