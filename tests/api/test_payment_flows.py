"""Fee filings driven from draft to result through the API alone, paying online over real HTTP against the
mock Payment Platform, or at the desk."""

import json

import pytest
import requests

from payments.models import Payment, PaymentEvent
from services.constants import FilingStatus as S
from services.constants import OnlineLevel
from tests.api.conftest import client_for
from tests.api.test_filing_flows import _attach_missing, _open_draft, _sign_in, _step
from tests.factories import ProcedureFactory

FEE = 150_000


def _fee_procedure(world, online_level):
    return ProcedureFactory(agency=world["agency"], fee=FEE, online_level=online_level)


def _payments(client, code):
    response = client.get(f"/api/v1/filings/{code}/payments/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _to_approval(world, applicant, procedure):
    desk, specialist, leader = (client_for(world[r]) for r in ("desk", "specialist", "leader"))
    code = _open_draft(applicant, procedure)["code"]
    _attach_missing(applicant, code)
    _step(applicant, code, "submit")
    _step(desk, code, "receive")
    _step(specialist, code, "start_review")
    _step(specialist, code, "propose", {"proposal": "approve"})
    _step(leader, code, "approve")
    return code, desk


@pytest.mark.django_db(transaction=True)
def test_a_full_process_fee_filing_is_paid_online_and_reaches_its_result_through_the_api(
    world, platform, live_server
):
    applicant = _sign_in(world["applicant"])
    code, desk = _to_approval(world, applicant, _fee_procedure(world, OnlineLevel.FULL))
    unpaid = _step(desk, code, "return_result", expected=409)
    assert unpaid["code"] == "condition_not_met"

    started = applicant.post(f"/api/v1/filings/{code}/payments/online/")
    assert started.status_code == 200, started.content
    order = started.json()
    assert order["status"] == "pending" and order["amount"] == FEE
    assert order["payment_url"].startswith(platform.base)
    again = applicant.post(f"/api/v1/filings/{code}/payments/online/").json()
    assert again["order_id"] == order["order_id"]  # the open order, not a second one

    # The platform holds its callback; the applicant pays; the held message reaches the API's callback.
    platform.set_faults("late", order_id=order["order_id"])
    platform.pay(order["order_id"])
    [held] = platform.callbacks(order["order_id"])
    answer = requests.post(
        f"{live_server.url}/api/v1/payments/callback/",
        data=held["body"],
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert (answer.status_code, answer.json()["code"]) == (200, "00")
    assert _payments(applicant, code)[0]["status"] == "paid"
    assert applicant.get(f"/api/v1/filings/{code}/").json()["fee_settled_at"]

    # The platform delivers the same message to the plain callback later: acknowledged, credited once.
    assert platform.deliver(order["order_id"])["acknowledged"] == 1
    payment = Payment.objects.get(order_id=order["order_id"])
    assert PaymentEvent.objects.filter(payment=payment, action="credit").count() == 1

    assert _step(desk, code, "return_result")["status"] == S.RESULT_RETURNED
    paid_twice = applicant.post(f"/api/v1/filings/{code}/payments/online/")
    assert paid_twice.status_code == 409


@pytest.mark.django_db(transaction=True)
def test_the_api_callback_refuses_a_message_with_a_bad_signature_with_the_platforms_code(
    world, platform, live_server
):
    applicant = client_for(world["applicant"])
    code, _desk = _to_approval(world, applicant, _fee_procedure(world, OnlineLevel.FULL))
    order = applicant.post(f"/api/v1/filings/{code}/payments/online/").json()
    platform.set_faults("late", order_id=order["order_id"])
    platform.pay(order["order_id"])
    forged = {**json.loads(platform.callbacks(order["order_id"])[0]["body"]), "amount": 1}
    answer = requests.post(f"{live_server.url}/api/v1/payments/callback/", json=forged, timeout=30)
    assert (answer.status_code, answer.json()["code"]) == (400, "01")
    assert _payments(applicant, code)[0]["status"] == "pending"


def test_a_partial_fee_filing_is_paid_at_the_desk_and_reaches_its_result_through_the_api(world):
    applicant = _sign_in(world["applicant"])
    code, desk = _to_approval(world, applicant, _fee_procedure(world, OnlineLevel.PARTIAL))
    body = {"receipt_number": "BL-2026-000123", "method": "transfer"}

    response = desk.post(f"/api/v1/filings/{code}/payments/counter/", body, format="json")
    assert response.status_code == 201, response.content
    paid = response.json()
    assert (paid["channel"], paid["status"], paid["amount"]) == ("counter", "paid", FEE)
    assert (paid["receipt_number"], paid["counter_method"]) == ("BL-2026-000123", "transfer")
    again = desk.post(f"/api/v1/filings/{code}/payments/counter/", body, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "fee_settled")
    assert [p["order_id"] for p in _payments(applicant, code)] == [paid["order_id"]]

    assert _step(desk, code, "return_result")["status"] == S.RESULT_RETURNED


def _submitted(world, procedure, by):
    """A submitted filing: an online one by its applicant, or a walk-in the desk enters and submits."""
    client = client_for(world[by])
    if by == "applicant":
        code = _open_draft(client, procedure)["code"]
    else:
        body = {"procedure": procedure.id, "channel": "counter", "applicant_name": "Trần Thị Bình"}
        response = client.post("/api/v1/filings/", {**body, "applicant_personal_id": "079190000123"})
        assert response.status_code == 201, response.content
        code = response.json()["code"]
    _attach_missing(client, code)
    _step(client, code, "submit")
    return code


@pytest.mark.parametrize(
    ("online_level", "payer", "channel", "body", "expected"),
    [
        (OnlineLevel.FULL, "desk", "counter", {"receipt_number": "BL-1"}, (400, "online_only")),
        (OnlineLevel.NONE, "desk", "online", None, (400, "counter_only")),
        (OnlineLevel.PARTIAL, "desk", "counter", {"receipt_number": " "}, (400, "invalid")),
        (
            OnlineLevel.PARTIAL,
            "desk",
            "counter",
            {"receipt_number": "BL-1", "method": "cheque"},
            (400, "invalid"),
        ),
    ],
    ids=["full-at-the-desk", "walk-in-online", "blank-receipt", "unknown-method"],
)
def test_the_payment_services_rules_answer_through_the_api_in_the_one_error_shape(
    world, online_level, payer, channel, body, expected
):
    procedure = _fee_procedure(world, online_level)
    code = _submitted(world, procedure, "desk" if online_level == OnlineLevel.NONE else "applicant")
    response = client_for(world[payer]).post(
        f"/api/v1/filings/{code}/payments/{channel}/", body, format="json"
    )
    assert (response.status_code, response.json()["code"]) == expected, response.content
    assert set(response.json()) >= {"code", "message", "message_vi", "message_en"}


def test_a_filing_without_a_fee_has_nothing_to_pay_online(world):
    code = _submitted(world, world["procedure"], "applicant")
    response = client_for(world["applicant"]).post(f"/api/v1/filings/{code}/payments/online/")
    assert (response.status_code, response.json()["code"]) == (400, "no_fee")
