"""Every endpoint × every role: the exact status code.

Anonymous → 401. A filing the caller may not see (another citizen's, another agency's) → 404, so codes do
not leak. A visible filing whose step the caller's role may not take → 403. The table of who takes which
step is written from DOMAIN.md, as in tests/services/test_transition_matrix.py.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from payments.models import Payment
from services.constants import FilingStatus as S
from services.constants import OnlineLevel
from services.models import Filing
from tests.api.conftest import ROLES
from tests.builders import drive, new_draft
from tests.factories import PDF, ProcedureFactory

CANNOT_SEE = {"other_citizen", "other_desk", "other_specialist", "other_leader"}
OFFICIALS = {"desk", "specialist", "leader", "other_desk", "other_specialist", "other_leader"}

# step -> (a source state, the one role that takes it from there, request body)
STEPS = [
    ("submit", S.DRAFT, "applicant", {}),
    ("resubmit", S.SUPPLEMENT_REQUESTED, "applicant", {}),
    ("receive", S.SUBMITTED, "desk", {}),
    ("request_supplement", S.SUBMITTED, "desk", {"reason": "Thiếu tờ khai"}),
    ("request_supplement", S.IN_REVIEW, "specialist", {"reason": "Thiếu bản vẽ"}),
    ("refuse", S.SUBMITTED, "desk", {"reason": "Không thuộc thẩm quyền"}),
    ("start_review", S.RECEIVED, "specialist", {}),
    ("propose", S.IN_REVIEW, "specialist", {"proposal": "approve"}),
    ("approve", S.AWAITING_APPROVAL, "leader", {}),
    ("reject", S.AWAITING_APPROVAL, "leader", {"reason": "Không đủ điều kiện"}),
    ("send_back", S.AWAITING_APPROVAL, "leader", {"reason": "Thẩm định lại"}),
    ("return_result", S.APPROVED, "desk", {}),
    ("withdraw", S.SUBMITTED, "applicant", {"reason": "Nộp nhầm"}),
]


def _expected(role, allowed, allowed_status):
    if role == "anonymous":
        return 401
    if role in CANNOT_SEE:
        return 404
    return allowed_status if role in allowed else 403


def _filing(world, state=S.DRAFT):
    return drive(new_draft(world["procedure"], world["applicant"]), state, world)


@pytest.mark.parametrize("role", ROLES)
def test_the_catalog_is_open_to_everyone(world, as_, role):
    client = as_(role)
    assert client.get("/api/v1/procedures/").status_code == 200
    assert client.get(f"/api/v1/procedures/{world['procedure'].id}/").status_code == 200
    assert client.get("/api/v1/procedures/999999/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_signed_in_users_list_filings_and_each_sees_only_their_own_or_their_agencys(world, as_, role):
    code = _filing(world).code
    response = as_(role).get("/api/v1/filings/")
    assert response.status_code == (401 if role == "anonymous" else 200)
    if role != "anonymous":
        listed = [f["code"] for f in response.json()["results"]]
        assert listed == ([] if role in CANNOT_SEE else [code])


@pytest.mark.parametrize("role", ROLES)
def test_a_filing_is_read_by_its_applicant_its_agency_and_admins_and_is_not_found_for_others(
    world, as_, role
):
    code = _filing(world).code
    status = as_(role).get(f"/api/v1/filings/{code}/").status_code
    assert status == _expected(role, {"applicant", "desk", "specialist", "leader", "admin"}, 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_citizens_open_an_online_draft(world, as_, role):
    body = {"procedure": world["procedure"].id}  # a citizen's name and personal ID come from the account
    status = as_(role).post("/api/v1/filings/", body, format="json").status_code
    assert status == {"anonymous": 401, "applicant": 201, "other_citizen": 201}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_applicant_attaches_documents_to_their_draft(world, as_, role):
    code = _filing(world).code
    upload = SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf")
    status = as_(role).post(f"/api/v1/filings/{code}/documents/", {"file": upload}).status_code
    assert status == _expected(role, {"applicant"}, 201)


@pytest.mark.parametrize(("step", "state", "taker", "body"), STEPS, ids=[f"{s[0]}-{s[1]}" for s in STEPS])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_named_role_of_the_filings_agency_takes_a_step_through_the_api(
    world, as_, role, step, state, taker, body
):
    filing = _filing(world, state)
    response = as_(role).post(f"/api/v1/filings/{filing.code}/{step}/", body, format="json")
    assert response.status_code == _expected(role, {taker}, 200), response.content
    filing.refresh_from_db()
    assert (filing.status != state) == (response.status_code == 200)


@pytest.mark.parametrize(("step", "state", "taker", "body"), STEPS, ids=[f"{s[0]}-{s[1]}" for s in STEPS])
def test_a_step_the_state_does_not_allow_answers_409_even_to_the_role_that_takes_it(
    world, as_, step, state, taker, body
):
    wrong_state = S.RESULT_RETURNED if step != "return_result" else S.REFUSED
    filing = _filing(world, wrong_state)
    response = as_(taker).post(f"/api/v1/filings/{filing.code}/{step}/", body, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "invalid_state"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_agencys_desk_or_leader_issues_an_apology_slip_for_a_late_filing(world, as_, role):
    filing = _filing(world, S.IN_REVIEW)
    Filing.objects.filter(pk=filing.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
    body = {"new_due_date": str(timezone.localdate() + datetime.timedelta(days=5)), "reason": "Chờ xác minh"}
    status = as_(role).post(f"/api/v1/filings/{filing.code}/apology_slip/", body, format="json").status_code
    assert status == _expected(role, {"desk", "leader"}, 201)


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_is_for_agency_officials_and_shows_only_their_agencys_work(world, as_, role):
    code = _filing(world, S.SUBMITTED).code
    response = as_(role).get("/api/v1/queue/")
    assert response.status_code == (200 if role in OFFICIALS else 401 if role == "anonymous" else 403)
    if response.status_code == 200:
        listed = [f["code"] for f in response.json()["results"]]
        assert listed == ([code] if role == "desk" else [])


# --- payments and the national gateway --------------------------------------------------------------
def _fee_filing(world, online_level):
    procedure = ProcedureFactory(agency=world["agency"], fee=150_000, online_level=online_level)
    return drive(new_draft(procedure, world["applicant"]), S.SUBMITTED, world)


@pytest.mark.parametrize("role", ROLES)
def test_a_filings_payments_are_listed_for_whoever_reads_the_filing(world, as_, role):
    code = _fee_filing(world, OnlineLevel.FULL).code
    status = as_(role).get(f"/api/v1/filings/{code}/payments/").status_code
    assert status == _expected(role, {"applicant", "desk", "specialist", "leader", "admin"}, 200)


# The applicant's success reaches the mock Payment Platform over HTTP: a live server, real transactions.
ONLINE_ROLES = [
    pytest.param(r, marks=pytest.mark.django_db(transaction=True)) if r == "applicant" else r for r in ROLES
]


@pytest.mark.parametrize("role", ONLINE_ROLES)
def test_only_the_applicant_starts_an_online_payment(world, as_, role, request):
    if role == "applicant":
        request.getfixturevalue("platform")
    filing = _fee_filing(world, OnlineLevel.FULL)
    status = as_(role).post(f"/api/v1/filings/{filing.code}/payments/online/").status_code
    assert status == _expected(role, {"applicant"}, 200)
    assert Payment.objects.filter(filing=filing).exists() == (status == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_agencys_desk_records_a_counter_payment(world, as_, role):
    filing = _fee_filing(world, OnlineLevel.PARTIAL)
    body = {"receipt_number": "BL-000001", "method": "cash"}
    status = as_(role).post(f"/api/v1/filings/{filing.code}/payments/counter/", body, format="json")
    assert status.status_code == _expected(role, {"desk"}, 201)
    assert Payment.objects.filter(filing=filing).exists() == (status.status_code == 201)


@pytest.mark.parametrize("role", ROLES)
def test_the_platform_callback_answers_the_platforms_code_whoever_calls_and_trusts_only_the_signature(
    world, as_, role
):
    response = as_(role).post(
        "/api/v1/payments/callback/", {"order_id": "PAYX", "status": "paid"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "01")


@pytest.mark.parametrize("role", ROLES)
def test_no_user_forwards_a_filing_as_the_national_gateway(world, as_, role):
    body = {"national_id": "G-1", "procedure_code": world["procedure"].national_code}
    response = as_(role).post("/api/v1/gateway/inbound/filings/", body, format="json")
    assert response.status_code == 401
