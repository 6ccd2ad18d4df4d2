"""Counter payments by the desk, refunds of fees that filings no longer need."""

import pytest
from django.urls import reverse

from mocks.payment_platform.models import Order as PlatformOrder
from payments import services
from payments.constants import CounterMethod, PaymentChannel, PaymentStatus, RefundStatus
from services import services as filing_services
from services.constants import FilingStatus, Role
from services.exceptions import InvalidInput, NotPermitted, StateConflict
from services.models import OutboxEvent
from tests.factories import AgencyFactory, citizen, official
from tests.payments.conftest import FEE, credited, reload


def test_desk_officer_records_a_counter_payment_and_the_result_can_be_returned(partial_world):
    world = partial_world
    filing = world.filing(FilingStatus.APPROVED)
    payment = services.record_counter_payment(
        filing=filing, actor=world.desk, receipt_number="BL-000123", method=CounterMethod.TRANSFER
    )
    assert payment.channel == PaymentChannel.COUNTER and payment.status == PaymentStatus.PAID
    assert payment.receipt_number == "BL-000123" and payment.recorded_by == world.desk
    assert credited(filing) == FEE
    assert OutboxEvent.objects.filter(topic="payment.status", payload__status="paid").count() == 1
    filing = filing_services.return_result(filing=filing, actor=world.desk)
    assert filing.status == FilingStatus.RESULT_RETURNED


def test_full_process_service_refuses_counter_payment(world):
    filing = world.filing()
    with pytest.raises(InvalidInput) as caught:
        services.record_counter_payment(filing=filing, actor=world.desk, receipt_number="BL-1")
    assert caught.value.code == "online_only" and credited(filing) == 0


@pytest.mark.parametrize("who", ["applicant", "other_desk", "specialist"])
def test_only_the_agencys_desk_officer_records_a_counter_payment(partial_world, who):
    world = partial_world
    actors = {
        "applicant": world.applicant,
        "other_desk": official(Role.DESK, AgencyFactory()),
        "specialist": world.actors["specialist"],
    }
    filing = world.filing()
    with pytest.raises(NotPermitted):
        services.record_counter_payment(filing=filing, actor=actors[who], receipt_number="BL-1")
    assert credited(filing) == 0


def test_counter_payment_needs_a_receipt_number_and_is_taken_once(partial_world):
    world = partial_world
    filing = world.filing()
    with pytest.raises(InvalidInput):
        services.record_counter_payment(filing=filing, actor=world.desk, receipt_number="  ")
    services.record_counter_payment(filing=filing, actor=world.desk, receipt_number="BL-1")
    with pytest.raises(StateConflict):
        services.record_counter_payment(filing=filing, actor=world.desk, receipt_number="BL-2")
    assert credited(filing) == FEE


def test_only_the_applicant_starts_an_online_payment(world):
    filing = world.filing()
    with pytest.raises(NotPermitted):
        services.start_online_payment(filing=filing, actor=citizen(2))


@pytest.mark.django_db(transaction=True)
def test_a_paid_fee_of_a_rejected_filing_is_refunded_through_the_platform(world, platform):
    filing = world.filing(FilingStatus.AWAITING_APPROVAL)
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    platform.pay(payment.order_id)
    filing_services.reject_filing(filing=filing, actor=world.actors["leader"], reason="Không đủ điều kiện")

    [refund] = services.refund_unneeded_payments()
    payment = reload(payment)
    assert reload(refund).status == RefundStatus.DONE
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_amount == FEE
    assert PlatformOrder.objects.get(order_id=payment.order_id).refunded_amount == FEE
    assert services.refund_unneeded_payments() == []  # nothing twice


@pytest.mark.django_db(transaction=True)
def test_a_partial_refund_records_its_amount(world, platform):
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    platform.pay(payment.order_id)
    services.request_refund(payment=payment, amount=50_000, reason="Thu thừa")
    payment = reload(payment)
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_amount == 50_000
    assert credited(filing) == FEE - 50_000


def test_desk_officer_records_a_counter_payment_on_the_desk_page(partial_world, client):
    world = partial_world
    filing = world.filing()
    client.force_login(world.desk)
    url = reverse("payments:counter", args=[filing.code])
    assert client.get(url).status_code == 200
    page = client.post(url, {"receipt_number": "BL-42", "method": "cash"})
    assert page.status_code == 200 and "BL-42" in page.content.decode()
    assert credited(filing) == FEE


def test_the_desk_page_refuses_counter_payment_for_a_full_process_service(world, client):
    filing = world.filing()
    client.force_login(world.desk)
    page = client.post(reverse("payments:counter", args=[filing.code]), {"receipt_number": "BL-42"})
    assert page.status_code == 400 and "toàn trình" in page.content.decode()
    assert credited(filing) == 0
