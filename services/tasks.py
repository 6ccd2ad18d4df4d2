from celery import shared_task

from services import services
from services.sync import delivery


@shared_task
def flag_overdue_filings():
    """Celery beat: flag the filings that have just gone overdue."""
    return services.flag_overdue_filings()


@shared_task
def deliver_outbox(key=None, stop_on_failure=False):
    """Send the due outbox events to the national gateway (woken after commit, and swept by beat)."""
    return delivery.deliver_due(key=key, stop_on_failure=stop_on_failure)
