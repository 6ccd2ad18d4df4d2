"""Reads of the payments app: querysets for sweeps, pages and reconciliation."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from payments.constants import PaymentChannel, PaymentStatus
from payments.models import Payment, ReconciliationMismatch
from services.constants import CLOSED_STATES


def payments_of_filing(filing):
    return Payment.objects.filter(filing=filing).order_by("created_at")


def payments_to_refund():
    """Paid online payments the filing does not need (closed filing, or paid twice): the queryset form of
    ``services.rules.is_closed``."""
    return (
        Payment.objects.filter(status=PaymentStatus.PAID, channel=PaymentChannel.ONLINE)
        .filter(Q(filing__status__in=CLOSED_STATES) | ~Q(refund_reason=""))
        .select_related("filing")
    )


def local_day_bounds(day):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, start + timedelta(days=1)


def online_paid_on(day):
    """Online payments the portal saw paid on ``day`` (Asia/Ho_Chi_Minh), refunded later or not."""
    start, end = local_day_bounds(day)
    return Payment.objects.filter(channel=PaymentChannel.ONLINE, paid_at__gte=start, paid_at__lt=end)


def open_mismatches():
    return ReconciliationMismatch.objects.filter(resolved_at__isnull=True).order_by("day", "order_id")
