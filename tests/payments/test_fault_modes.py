"""Every fault mode of the Payment Platform, each asserting the money and state that result."""

import time
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from mocks.payment_platform.models import Callback
from mocks.payment_platform.models import Order as PlatformOrder
from payments import services, signing
from payments.constants import PaymentStatus, SecurityKind
from payments.models import PaymentEvent, PlatformMessage, SecurityEvent
from services import services as filing_services
from services.exceptions import StateConflict
from tests.payments.conftest import FEE, credited, reload

pytestmark = pytest.mark.django_db(transaction=True)


def _pending(world, platform, *faults, filing=None):
    filing = filing or world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    if faults:
        platform.set_faults(*faults, order_id=payment.order_id)
    return filing, payment


def _credit_events(payment):
    return PaymentEvent.objects.filter(payment=payment, action="credit").count()


def test_a_callback_sent_twice_credits_the_money_once(world, platform):
    filing, payment = _pending(world, platform, "duplicate")
    platform.pay(payment.order_id)
    answers = list(PlatformMessage.objects.filter(kind="callback").values_list("answer", flat=True))
    assert answers == ["00", "00"]
    assert reload(payment).status == PaymentStatus.PAID and _credit_events(payment) == 1
    assert credited(filing) == FEE


def test_a_late_paid_callback_revives_an_expired_payment(world, platform):
    filing, payment = _pending(world, platform, "late")
    platform.pay(payment.order_id)
    assert reload(payment).status == PaymentStatus.PENDING  # the callback is held
    assert services.expire_unpaid(now=timezone.now() + timedelta(hours=2)) == 1
    assert reload(payment).status == PaymentStatus.EXPIRED and credited(filing) == 0

    assert platform.deliver(payment.order_id) == {"attempted": 1, "acknowledged": 1}
    payment = reload(payment)
    assert payment.status == PaymentStatus.PAID and reload(filing).fee_settled_at is not None
    assert list(payment.events.values_list("to_status", flat=True)) == [
        "created",
        "pending",
        "expired",
        "paid",
    ]


def test_a_late_paid_for_a_withdrawn_filing_is_credited_then_refunded(world, platform):
    filing, payment = _pending(world, platform, "late")
    platform.pay(payment.order_id)
    filing_services.withdraw_filing(filing=filing, actor=world.applicant)
    services.expire_unpaid(now=timezone.now() + timedelta(hours=2))

    platform.deliver(payment.order_id)
    assert reload(payment).paid_at is not None
    services.refund_unneeded_payments()  # the beat sweep; with eager Celery the refund already went out
    payment = reload(payment)
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_amount == FEE
    assert reload(filing).fee_settled_at is None and credited(filing) == 0
    assert PlatformOrder.objects.get(order_id=payment.order_id).refunded_amount == FEE


def test_a_stale_failure_arriving_after_paid_changes_nothing(world, platform):
    filing, payment = _pending(world, platform, "out_of_order")
    platform.pay(payment.order_id)
    bodies = [c["body"] for c in platform.callbacks(payment.order_id)]
    assert '"status": "paid"' in bodies[0] and '"status": "failed"' in bodies[1]
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE
    assert not SecurityEvent.objects.exists()


def test_without_a_callback_the_browser_return_asks_the_platform(world, platform):
    filing, payment = _pending(world, platform, "never")
    page = platform.come_back(platform.pay(payment.order_id))
    assert "Đã thanh toán thành công" in page.text
    payment = reload(payment)
    assert payment.status == PaymentStatus.PAID and credited(filing) == FEE
    assert payment.events.get(action="credit").source == "query"


def test_without_callback_nor_return_the_pending_sweep_finds_the_money(world, platform):
    filing, payment = _pending(world, platform, "never")
    platform.pay(payment.order_id)
    assert services.check_pending() == []  # younger than 15 minutes: not asked yet
    services.check_pending(now=timezone.now() + timedelta(minutes=16))
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE


def test_a_callback_with_a_wrong_signature_changes_nothing_and_is_logged(world, platform):
    filing, payment = _pending(world, platform, "wrong_signature")
    platform.pay(payment.order_id)
    assert reload(payment).status == PaymentStatus.PENDING and credited(filing) == 0
    event = SecurityEvent.objects.get()
    assert event.kind == SecurityKind.BAD_SIGNATURE and event.order_id == payment.order_id
    assert PlatformMessage.objects.get(kind="callback").answer == "01"
    callback = Callback.objects.get(order__order_id=payment.order_id)
    assert callback.delivered_at is None and callback.attempts == 1  # the platform will retry

    services.check_pending(now=timezone.now() + timedelta(minutes=16))  # the platform's word, asked
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE


def test_a_callback_with_a_changed_amount_changes_nothing_and_is_logged(world, platform):
    filing, payment = _pending(world, platform, "changed_amount")
    return_url = platform.pay(payment.order_id)
    assert reload(payment).status == PaymentStatus.PENDING and credited(filing) == 0
    event = SecurityEvent.objects.get()
    assert event.kind == SecurityKind.WRONG_AMOUNT and event.order_id == payment.order_id
    assert PlatformMessage.objects.get(kind="callback").answer == "04"

    platform.come_back(return_url)  # the status query reports the true amount
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE


def test_platform_down_when_creating_the_order_leaves_the_fee_owed(world, platform):
    platform.set_faults("down")
    filing = world.filing()
    with pytest.raises(StateConflict) as caught:
        services.start_online_payment(filing=filing, actor=world.applicant)
    assert caught.value.code == "platform_unavailable"
    assert filing.payments.get().status == PaymentStatus.FAILED
    assert reload(filing).fee_settled_at is None

    platform.set_faults()  # back up: the applicant tries again
    retry = services.start_online_payment(filing=filing, actor=world.applicant)
    assert retry.status == PaymentStatus.PENDING and filing.payments.count() == 2


def test_a_callback_for_an_unknown_order_is_refused_and_logged(world, platform, settings):
    filing, payment = _pending(world, platform, "late")
    platform.pay(payment.order_id)
    body = platform.callbacks(payment.order_id)[0]["body"]
    PlatformOrder.objects.filter(order_id=payment.order_id).update(order_id="PAYUNKNOWN")
    payment.__class__.objects.filter(pk=payment.pk).update(order_id="PAYOTHER")  # the portal never made it

    answer = requests.post(
        f"{settings.SITE_URL}/payments/callback/",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 400 and answer.json()["code"] == "02"
    assert SecurityEvent.objects.get().kind == SecurityKind.UNKNOWN_ORDER and credited(filing) == 0


def test_a_tampered_browser_return_is_not_believed(world, platform):
    filing, payment = _pending(world, platform, "never")
    return_url = platform.pay(payment.order_id, action="cancel")
    page = platform.come_back(return_url.replace("status=cancelled", "status=paid"))
    assert page.status_code == 400 and "Không xác thực được kết quả thanh toán" in page.text
    assert reload(payment).status == PaymentStatus.PENDING and credited(filing) == 0
    assert SecurityEvent.objects.get().kind == SecurityKind.BAD_SIGNATURE


def test_a_correctly_signed_but_old_callback_is_refused_as_a_replay(world, platform, settings):
    filing, payment = _pending(world, platform, "never")
    fields = {
        "type": "payment",
        "merchant": settings.PAYMENT_MERCHANT_CODE,
        "order_id": payment.order_id,
        "transaction_id": "TXNOLD",
        "amount": FEE,
        "currency": "VND",
        "status": "paid",
    }
    old = signing.signed(fields, settings.PAYMENT_PLATFORM_SECRET, now=time.time() - 3600)
    answer = requests.post(f"{settings.SITE_URL}/payments/callback/", json=old, timeout=10)
    assert answer.json()["code"] == "01" and credited(filing) == 0
    assert SecurityEvent.objects.get().kind == SecurityKind.BAD_SIGNATURE


def test_the_platform_retries_an_unacknowledged_callback_with_backoff(world, platform, settings):
    filing, payment = _pending(world, platform, "late")
    platform.pay(payment.order_id)
    callback = Callback.objects.get(order__order_id=payment.order_id)
    Callback.objects.filter(pk=callback.pk).update(url="http://127.0.0.1:9/unreachable")
    platform.deliver(payment.order_id)
    callback = reload(callback)
    assert callback.attempts == 1 and callback.delivered_at is None
    assert callback.next_attempt_at > timezone.now()  # backed off
    assert reload(payment).status == PaymentStatus.PENDING

    Callback.objects.filter(pk=callback.pk).update(url=f"{settings.SITE_URL}/payments/callback/")
    assert platform.deliver(payment.order_id) == {"attempted": 1, "acknowledged": 1}
    assert reload(callback).attempts == 2 and credited(filing) == FEE


def test_a_failure_delivered_before_the_paid_callback_is_overridden_by_the_paid(world, platform, settings):
    filing, payment = _pending(world, platform, "late", "out_of_order")
    platform.pay(payment.order_id)
    paid, stale_failure = (c["body"] for c in platform.callbacks(payment.order_id))
    for body in (stale_failure, paid):  # reversed: the failure arrives first
        answer = requests.post(
            f"{settings.SITE_URL}/payments/callback/",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert answer.json()["code"] == "00"
    payment = reload(payment)
    assert payment.status == PaymentStatus.PAID and credited(filing) == FEE
    assert list(payment.events.values_list("to_status", flat=True)) == [
        "created",
        "pending",
        "failed",
        "paid",
    ]
