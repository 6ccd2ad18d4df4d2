"""The payment figures from a fee paid through the mock Payment Platform over HTTP (today's period)."""

import pytest
from django.utils import timezone

from payments import services as payments
from portal.reports.metrics import Period, Scope, compute
from tests.reports.conftest import World


@pytest.fixture
def live_world(transactional_db):
    return World(slug="tinh-thanh-toan")


def _filed_today(world, procedure):
    filing = world.file(procedure, timezone.now())
    return world.step(filing, "receive", timezone.now())


def test_a_fee_paid_on_the_platform_counts_as_paid_online_and_one_more_fee_filing_halves_the_rate(
    live_world, platform
):
    w = live_world
    today = Period(timezone.localdate(), timezone.localdate())
    scope = Scope.for_province(w.province)
    filing = _filed_today(w, w.full_fee)
    payment = payments.start_online_payment(filing=filing, actor=w.applicant)
    platform.come_back(platform.pay(payment.order_id))
    payment.refresh_from_db()
    assert payment.status == "paid"

    figures = compute(scope, today)
    assert (figures["fee_filings_total"], figures["online_paid_filings"], figures["online_payment_rate"]) == (
        1,
        1,
        100.0,
    )
    assert figures["fee_procedures_with_online_payment"] == 1

    _filed_today(w, w.partial_fee)  # one more fee filing, not paid online
    figures = compute(scope, today)
    assert (figures["fee_filings_total"], figures["online_paid_filings"], figures["online_payment_rate"]) == (
        2,
        1,
        50.0,
    )
    assert figures["fee_procedures_with_filings"] == 2
    assert figures["fee_procedures_with_online_payment_rate"] == 50.0
