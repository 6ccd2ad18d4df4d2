"""Daily reconciliation finds each kind of mismatch and never changes money."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from mocks.payment_platform.models import Order as PlatformOrder
from payments import services
from payments.constants import MismatchKind, PaymentStatus
from payments.models import Payment, ReconciliationMismatch

pytestmark = pytest.mark.django_db(transaction=True)


def _paid(world, platform, *faults):
    payment = services.start_online_payment(filing=world.filing(), actor=world.applicant)
    if faults:
        platform.set_faults(*faults, order_id=payment.order_id)
    platform.pay(payment.order_id)
    return payment.order_id


def test_reconciliation_finds_each_planted_mismatch(world, platform, capsys):
    clean = _paid(world, platform)
    paid_there_only = _paid(world, platform, "never")  # no callback, no return: the portal never knew
    here_only = _paid(world, platform)
    differs = _paid(world, platform)
    PlatformOrder.objects.filter(order_id=here_only).update(paid_at=None, status="cancelled")
    PlatformOrder.objects.filter(order_id=differs).update(amount=999_000)
    money_before = list(Payment.objects.order_by("pk").values_list("status", "amount", "refunded_amount"))

    call_command("reconcile_payments", "--date", timezone.localdate().isoformat())
    call_command("reconcile_payments", "--date", timezone.localdate().isoformat())  # once each

    found = set(ReconciliationMismatch.objects.values_list("kind", "order_id"))
    assert found == {
        (MismatchKind.MISSING_HERE, paid_there_only),
        (MismatchKind.MISSING_THERE, here_only),
        (MismatchKind.AMOUNT_DIFFERS, differs),
    }
    assert clean not in {order_id for _kind, order_id in found}
    assert ReconciliationMismatch.objects.get(order_id=differs).platform_amount == 999_000
    assert money_before == list(
        Payment.objects.order_by("pk").values_list("status", "amount", "refunded_amount")
    )
    assert Payment.objects.get(order_id=paid_there_only).status == PaymentStatus.PENDING
    assert "3 mismatch(es)" in capsys.readouterr().out


def test_admin_lists_payments_and_mismatches(world, admin_client):
    ReconciliationMismatch.objects.create(
        day=timezone.localdate(), kind=MismatchKind.MISSING_HERE, order_id="X"
    )
    for name in ["payment", "refund", "platformmessage", "securityevent", "reconciliationmismatch"]:
        assert admin_client.get(f"/admin/payments/{name}/").status_code == 200
