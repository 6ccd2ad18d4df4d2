"""The callback, its copy and the browser return arriving at the same moment still credit once
(real concurrent HTTP requests against PostgreSQL row locks)."""

import threading
import time

import pytest
import requests
from django.conf import settings

from payments import services
from payments.constants import PaymentStatus
from payments.models import PaymentEvent, PlatformMessage
from services.models import OutboxEvent
from tests.payments.conftest import FEE, credited, reload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _all_at_once(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("round_", range(5))
def test_callback_copies_and_browser_return_racing_credit_once(world, platform, round_):
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    platform.set_faults("late", "duplicate", order_id=payment.order_id)
    return_url = platform.pay(payment.order_id)
    bodies = [c["body"] for c in platform.callbacks(payment.order_id)]
    assert len(bodies) == 2 and bodies[0] == bodies[1]

    def callback(body):
        return lambda: requests.post(
            f"{settings.SITE_URL}/payments/callback/",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=60,
        ).json()["code"]

    browser = lambda: requests.get(return_url, timeout=60).status_code  # noqa: E731
    results = _all_at_once([callback(bodies[0]), callback(bodies[1]), browser, callback(bodies[0])])

    assert results == ["00", "00", 200, "00"]
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE
    assert PaymentEvent.objects.filter(payment=payment, action="credit").count() == 1
    assert OutboxEvent.objects.filter(topic="payment.status", payload__status="paid").count() == 1


def test_from_the_pay_page_a_late_duplicated_callback_arrives_in_the_background(world, platform, settings):
    settings.MOCK_PAYMENT_LATE_SECONDS = 0.5
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    platform.set_faults("late", "duplicate", order_id=payment.order_id)
    page = platform.browser.get(payment.payment_url, timeout=10)
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    platform.browser.post(
        payment.payment_url,
        data={"csrfmiddlewaretoken": token, "action": "pay"},
        headers={"Referer": payment.payment_url},
        timeout=30,
    )
    for _ in range(100):  # the platform's background delivery, with its retries
        if PlatformMessage.objects.filter(kind="callback", answer="00").count() == 2:
            break
        time.sleep(0.1)
    assert PlatformMessage.objects.filter(kind="callback", answer="00").count() == 2
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE
    assert PaymentEvent.objects.filter(payment=payment, action="credit").count() == 1
