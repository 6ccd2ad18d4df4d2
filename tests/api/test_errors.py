"""One error shape for every "no": a machine code and a message in the request's language."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from services.constants import FilingStatus as S
from services.models import Filing
from tests.builders import drive, new_draft
from tests.factories import ProcedureFactory

SHAPE = {"code", "message", "message_vi", "message_en"}


def _assert_shape(body, code, language):
    assert set(body) >= SHAPE, body
    assert body["code"] == code
    assert body["message"] == body[f"message_{language}"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_filing_the_user_may_not_see_is_not_found_in_the_requests_language(world, as_, language):
    code = new_draft(world["procedure"], world["applicant"]).code
    response = as_("other_citizen", language).get(f"/api/v1/filings/{code}/")
    assert response.status_code == 404
    _assert_shape(response.json(), "not_found", language)
    assert response.json()["message"] == {"vi": "Không tìm thấy.", "en": "Not found."}[language]


def test_vietnamese_is_the_default_language_of_errors(world, as_):
    response = as_("applicant").get("/api/v1/filings/KHONG-CO/")
    assert response.json()["message"] == "Không tìm thấy."


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_step_the_state_does_not_allow_says_so_in_the_requests_language(world, as_, language):
    code = new_draft(world["procedure"], world["applicant"]).code
    response = as_("leader", language).post(f"/api/v1/filings/{code}/approve/")
    assert response.status_code == 409
    body = response.json()
    _assert_shape(body, "invalid_state", language)
    assert body["message_en"] == "The step “approve” is not allowed while the filing is “Draft”."
    assert body["message_vi"] == "Không thể thực hiện “approve” khi hồ sơ đang ở trạng thái “Bản nháp”"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_role_that_may_not_take_a_step_is_forbidden_in_the_requests_language(world, as_, language):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    response = as_("specialist", language).post(f"/api/v1/filings/{filing.code}/receive/")
    assert response.status_code == 403
    _assert_shape(response.json(), "forbidden", language)
    assert response.json()["message_en"] == "Your role or agency may not take this step."


def test_a_missing_reason_is_a_400_naming_the_field(world, as_):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    response = as_("desk", "en").post(f"/api/v1/filings/{filing.code}/refuse/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    _assert_shape(body, "reason_required", "en")
    assert body["field"] == "reason"
    assert body["message"] == "A reason for the refusal is required."


@pytest.mark.parametrize("language", ["vi", "en"])
def test_invalid_input_lists_the_fields_at_fault(world, as_, language):
    response = as_("desk", language).post(
        "/api/v1/filings/", {"procedure": world["procedure"].id, "channel": "counter"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    _assert_shape(body, "invalid", language)
    assert set(body["errors"]) == {"applicant_name", "applicant_personal_id"}
    assert body["field"] in body["errors"]


def test_a_wrong_personal_id_is_refused_by_the_service_with_its_own_code(world, as_):
    body = {"procedure": world["procedure"].id, "applicant_name": "An", "applicant_personal_id": "12345"}
    response = as_("applicant", "en").post("/api/v1/filings/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "personal_id"
    assert response.json()["field"] == "applicant_personal_id"


def test_submitting_without_mandatory_documents_is_a_409_condition(world, as_):
    code = new_draft(world["procedure"], world["applicant"], attach=False).code
    response = as_("applicant").post(f"/api/v1/filings/{code}/submit/")
    assert response.status_code == 409
    assert response.json()["code"] == "condition_not_met"


def test_a_fee_procedure_cannot_return_its_result_before_the_fee_is_settled(world, as_):
    procedure = ProcedureFactory(agency=world["agency"], fee=50_000)
    filing = drive(new_draft(procedure, world["applicant"]), S.APPROVED, world)
    response = as_("desk", "en").post(f"/api/v1/filings/{filing.code}/return_result/")
    assert response.status_code == 409
    assert response.json()["code"] == "condition_not_met"
    assert response.json()["message"] == "The fee must be settled before the result is returned."


def test_an_unsupported_file_type_is_refused_with_the_services_code(world, as_):
    code = new_draft(world["procedure"], world["applicant"], attach=False).code
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = as_("applicant").post(f"/api/v1/filings/{code}/documents/", {"file": upload})
    assert response.status_code == 400
    assert response.json()["code"] == "file_type"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_anonymous_callers_are_told_to_authenticate(world, as_, language):
    response = as_("anonymous", language).get("/api/v1/filings/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    _assert_shape(response.json(), "not_authenticated", language)


def test_a_wrong_token_is_an_authentication_failure(world, client):
    response = client.get("/api/v1/filings/", HTTP_AUTHORIZATION="Token khong-dung")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_wrong_password_gets_no_token(world, client):
    response = client.post("/api/v1/auth/token/", {"username": "user0", "password": "sai"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_too_many_requests_are_throttled_in_the_one_shape(world, as_, monkeypatch, language):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "3/min"})
    anonymous, applicant = as_("anonymous", language), as_("applicant", language)
    assert [anonymous.get("/api/v1/procedures/").status_code for _ in range(3)] == [200, 200, 429]
    assert [applicant.get("/api/v1/filings/").status_code for _ in range(4)] == [200, 200, 200, 429]
    response = applicant.get("/api/v1/filings/")
    assert "Retry-After" in response
    _assert_shape(response.json(), "throttled", language)
    assert as_("desk").get("/api/v1/queue/").status_code == 200, "the limit is per user"


def test_an_apology_slip_is_only_for_a_late_filing_and_then_shows_on_the_filing(world, as_):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.IN_REVIEW, world)
    later = str(timezone.localdate() + datetime.timedelta(days=10))
    url = f"/api/v1/filings/{filing.code}/apology_slip/"
    on_time = as_("leader").post(url, {"new_due_date": later, "reason": "Chờ xác minh"}, format="json")
    assert on_time.status_code == 409
    assert on_time.json()["code"] == "not_late"

    Filing.objects.filter(pk=filing.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    past = as_("leader").post(url, {"new_due_date": "2020-01-01", "reason": "Chờ"}, format="json")
    assert (past.status_code, past.json()["field"]) == (400, "new_due_date")
    issued = as_("leader").post(url, {"new_due_date": later, "reason": "Chờ xác minh"}, format="json")
    assert issued.status_code == 201
    slips = as_("applicant").get(f"/api/v1/filings/{filing.code}/").json()["apology_slips"]
    assert [(s["new_due_date"], s["reason"]) for s in slips] == [(later, "Chờ xác minh")]
