"""Daily reconciliation (đối soát): the platform's list of a day against the portal's payments.

Each difference is recorded for an admin to resolve; nothing here changes a payment or any money.
"""

from payments import selectors
from payments.constants import MismatchKind, PaymentStatus
from payments.models import Payment, ReconciliationMismatch
from payments.providers.base import get_provider


def reconcile_day(*, day):
    """Record the mismatches of ``day``; returns them (already recorded ones included, once each)."""
    theirs = {t.order_id: t for t in get_provider().transactions(day=day)}
    ours = {p.order_id: p for p in selectors.online_paid_on(day)}
    credited_elsewhere = set(
        Payment.objects.filter(
            order_id__in=set(theirs) - set(ours), status__in=[PaymentStatus.PAID, PaymentStatus.REFUNDED]
        ).values_list("order_id", flat=True)
    )  # paid on both sides, the portal's clock put it on another day: not a mismatch
    found = []
    for order_id, transaction in theirs.items():
        payment = ours.get(order_id)
        if payment is None and order_id not in credited_elsewhere:
            found.append(_record(day, MismatchKind.MISSING_HERE, order_id, transaction.amount, None))
        elif payment is not None and payment.amount != transaction.amount:
            found.append(
                _record(day, MismatchKind.AMOUNT_DIFFERS, order_id, transaction.amount, payment.amount)
            )
    for order_id, payment in ours.items():
        if order_id not in theirs:
            found.append(_record(day, MismatchKind.MISSING_THERE, order_id, None, payment.amount))
    return found


def _record(day, kind, order_id, platform_amount, portal_amount):
    mismatch, _created = ReconciliationMismatch.objects.get_or_create(
        day=day,
        kind=kind,
        order_id=order_id,
        defaults={"platform_amount": platform_amount, "portal_amount": portal_amount},
    )
    return mismatch
