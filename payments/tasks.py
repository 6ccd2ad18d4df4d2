"""Celery tasks of the payments app: each only calls a service."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from payments import reconciliation, services
from payments.constants import PaymentStatus
from payments.models import Payment


@shared_task
def expire_unpaid_payments():
    """Celery beat: orders nobody paid before expiry."""
    return services.expire_unpaid()


@shared_task
def check_pending_payments():
    """Celery beat: ask the platform about payments pending for more than 15 minutes."""
    return len(services.check_pending())


@shared_task
def refund_unneeded_payments():
    """Celery beat: refund paid fees of refused, rejected or withdrawn filings (and double payments)."""
    return len(services.refund_unneeded_payments())


@shared_task
def reconcile_yesterday():
    """Celery beat, daily: reconcile yesterday's payments with the platform's list."""
    day = timezone.localdate() - timedelta(days=1)
    return len(reconciliation.reconcile_day(day=day))


@shared_task
def refund_payment(payment_id):
    """After a late "paid" arrived for a filing that no longer needs it."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != PaymentStatus.PAID:
        return
    services.request_refund(payment=payment, reason=payment.refund_reason)
