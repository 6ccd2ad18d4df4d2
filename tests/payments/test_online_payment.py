"""An applicant pays a fee online, end to end over real HTTP against the mock Payment Platform."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from payments import services
from payments.constants import PaymentStatus
from payments.models import Payment, PaymentEvent, PlatformMessage
from services import services as filing_services
from services.constants import FilingStatus
from services.exceptions import ConditionNotMet
from services.models import OutboxEvent
from tests.payments.conftest import FEE, credited, reload

pytestmark = pytest.mark.django_db(transaction=True)


def _start_in_browser(world, filing):
    client = Client()
    client.force_login(world.applicant)
    response = client.post(reverse("payments:start", args=[filing.code]))
    assert response.status_code == 302
    return response.headers["Location"]


def test_applicant_pays_a_fee_online_end_to_end(world, platform):
    filing = world.filing()
    pay_url = _start_in_browser(world, filing)
    payment = Payment.objects.get(filing=filing)
    assert payment.status == PaymentStatus.PENDING and pay_url.startswith(platform.base)

    page = platform.browser.get(pay_url, timeout=10)
    assert page.status_code == 200 and payment.order_id in page.text

    result_page = platform.come_back(platform.pay(payment.order_id))
    assert result_page.status_code == 200
    assert "Đã thanh toán thành công" in result_page.text  # in the reader's language (Vietnamese here)
    payment = reload(payment)
    assert payment.status == PaymentStatus.PAID and payment.amount == FEE
    assert reload(filing).fee_settled_at is not None
    assert credited(filing) == FEE
    assert list(payment.events.values_list("action", flat=True)) == ["create", "open", "credit"]
    topics = OutboxEvent.objects.filter(topic="payment.status", key=f"filing:{filing.code}")
    assert [e.payload["status"] for e in topics] == ["created", "pending", "paid"]
    callback = PlatformMessage.objects.get(kind="callback")
    assert callback.answer == "00" and '"status": "paid"' in callback.body and callback.headers


def test_applicant_pays_through_the_platform_page_form(world, platform, settings):
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    platform.set_faults("never", order_id=payment.order_id)  # only the browser comes back
    page = platform.browser.get(payment.payment_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    result = platform.browser.post(
        payment.payment_url,
        data={"csrfmiddlewaretoken": token, "action": "pay"},
        headers={"Referer": payment.payment_url},
        timeout=30,
    )
    assert result.url.startswith(f"{settings.SITE_URL}/payments/return/")
    assert "Đã thanh toán thành công" in result.text
    assert reload(payment).status == PaymentStatus.PAID


def test_applicant_who_cancels_on_the_platform_is_not_credited(world, platform):
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    page = platform.come_back(platform.pay(payment.order_id, action="cancel"))
    assert "không thành công" in page.text
    assert reload(payment).status == PaymentStatus.CANCELLED
    assert reload(filing).fee_settled_at is None and credited(filing) == 0


def test_result_cannot_be_returned_before_the_fee_is_settled(world, platform):
    filing = world.filing(FilingStatus.APPROVED)
    with pytest.raises(ConditionNotMet):
        filing_services.return_result(filing=filing, actor=world.desk)
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    platform.come_back(platform.pay(payment.order_id))
    filing = filing_services.return_result(filing=filing, actor=world.desk)
    assert filing.status == FilingStatus.RESULT_RETURNED


def test_a_filing_without_fee_returns_its_result_without_payment(world):
    filing = world.filing(FilingStatus.APPROVED, procedure=world.free_procedure)
    filing = filing_services.return_result(filing=filing, actor=world.desk)
    assert filing.status == FilingStatus.RESULT_RETURNED and not Payment.objects.exists()


def test_a_second_start_reuses_the_open_order(world, platform):
    filing = world.filing()
    first = services.start_online_payment(filing=filing, actor=world.applicant)
    second = services.start_online_payment(filing=filing, actor=world.applicant)
    assert first.pk == second.pk and PaymentEvent.objects.filter(action="create").count() == 1


def test_the_pay_page_shows_the_fee_to_the_applicant(world):
    filing = world.filing()
    client = Client()
    client.force_login(world.applicant)
    page = client.get(reverse("payments:start", args=[filing.code]))
    assert page.status_code == 200
    assert filing.code in page.content.decode() and "<form" in page.content.decode()
