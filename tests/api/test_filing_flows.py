"""A filing driven from draft to result through the API alone, as a client would."""

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from services.constants import FilingStatus as S
from tests.api.conftest import client_for
from tests.factories import PDF


def _pdf(name="to-khai.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _sign_in(user, password="mat-khau-rat-dai-2024"):
    """The applicant gets a token with their password, as a mobile app would."""
    user.set_password(password)
    user.save()
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def _open_draft(applicant, procedure):
    found = APIClient().get("/api/v1/procedures/", {"search": procedure.national_code}).json()
    assert [p["id"] for p in found["results"]] == [procedure.id]
    response = applicant.post(
        "/api/v1/filings/",
        {
            "procedure": procedure.id,
            "applicant_personal_id": "086090000001",  # the account's own; the name comes from it
            "applicant_phone": "0901234567",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["status"] == S.DRAFT
    return draft


def _attach_missing(applicant, code):
    detail = applicant.get(f"/api/v1/filings/{code}/").json()
    for document in detail["missing_documents"]:
        response = applicant.post(
            f"/api/v1/filings/{code}/documents/",
            {"file": _pdf(), "required_document": document["id"]},
            format="multipart",
        )
        assert response.status_code == 201, response.content
    assert applicant.get(f"/api/v1/filings/{code}/").json()["missing_documents"] == []


def _step(client, code, name, body=None, expected=200):
    response = client.post(f"/api/v1/filings/{code}/{name}/", body or {}, format="json")
    assert response.status_code == expected, response.content
    return response.json()


def _in_queue(client, code):
    return code in [f["code"] for f in client.get("/api/v1/queue/").json()["results"]]


def test_a_full_process_filing_goes_from_draft_to_result_through_the_api_alone(world):
    applicant = _sign_in(world["applicant"])
    desk, specialist, leader = (client_for(world[r]) for r in ("desk", "specialist", "leader"))
    code = _open_draft(applicant, world["procedure"])["code"]
    _attach_missing(applicant, code)

    assert _step(applicant, code, "submit")["status"] == S.SUBMITTED
    assert _in_queue(desk, code)
    received = _step(desk, code, "receive")
    assert received["status"] == S.RECEIVED and received["due_date"] and received["receipt_number"]
    assert _in_queue(specialist, code)
    _step(specialist, code, "start_review")
    _step(specialist, code, "propose", {"proposal": "approve"})
    assert _in_queue(leader, code)
    assert _step(leader, code, "approve")["timeliness"] == "early"
    _step(desk, code, "return_result")

    final = applicant.get(f"/api/v1/filings/{code}/").json()
    assert final["status"] == S.RESULT_RETURNED
    assert final["timeliness"] == "early"
    assert [e["action"] for e in final["events"]] == [
        "submit",
        "receive",
        "start_review",
        "propose",
        "approve",
        "return_result",
    ]
    assert final["events"][1]["to_status"] == S.RECEIVED
    assert len(final["documents"]) == 1


def test_a_partial_filing_with_a_supplement_and_a_send_back_reaches_its_result_through_the_api(world):
    applicant = _sign_in(world["applicant"])
    desk, specialist, leader = (client_for(world[r]) for r in ("desk", "specialist", "leader"))
    code = _open_draft(applicant, world["partial"])["code"]
    _attach_missing(applicant, code)
    _step(applicant, code, "submit")

    asked = _step(desk, code, "request_supplement", {"reason": "Thiếu bản sao CCCD"})
    assert asked["status"] == S.SUPPLEMENT_REQUESTED
    response = applicant.post(f"/api/v1/filings/{code}/documents/", {"file": _pdf("cccd.pdf")})
    assert response.status_code == 201, response.content
    assert _step(applicant, code, "resubmit")["status"] == S.SUBMITTED
    _step(desk, code, "receive")
    _step(specialist, code, "start_review")
    _step(specialist, code, "propose", {"proposal": "reject", "reason": "Sai mẫu tờ khai"})
    assert _step(leader, code, "send_back", {"reason": "Xem lại"})["status"] == S.IN_REVIEW
    _step(specialist, code, "propose", {"proposal": "approve"})
    _step(leader, code, "approve")
    _step(desk, code, "return_result")

    final = applicant.get(f"/api/v1/filings/{code}/").json()
    assert final["status"] == S.RESULT_RETURNED
    assert len(final["documents"]) == 2
    assert final["events"][1] == {
        "action": "request_supplement",
        "from_status": S.SUBMITTED,
        "to_status": S.SUPPLEMENT_REQUESTED,
        "actor": "Nguyễn An",  # family name first (issue 13)
        "at": final["events"][1]["at"],
        "reason": "Thiếu bản sao CCCD",
    }


def test_the_applicant_may_withdraw_an_unfinished_filing_through_the_api(world):
    applicant = client_for(world["applicant"])
    code = _open_draft(applicant, world["procedure"])["code"]
    _attach_missing(applicant, code)
    _step(applicant, code, "submit")
    withdrawn = _step(applicant, code, "withdraw", {"reason": "Nộp nhầm"})
    assert withdrawn["status"] == S.WITHDRAWN
    _step(applicant, code, "withdraw", expected=409)


def test_the_desk_enters_a_walk_in_filing_at_the_counter(world):
    desk = client_for(world["desk"])
    response = desk.post(
        "/api/v1/filings/",
        {
            "procedure": world["partial"].id,
            "channel": "counter",
            "applicant_name": "Trần Thị Bình",
            "applicant_personal_id": "079190000123",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "counter"
