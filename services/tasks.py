from celery import shared_task
from django.conf import settings

from services import outbox, services
from services.sync import delivery


@shared_task
def flag_overdue_filings():
    """Celery beat: flag the filings that have just gone overdue."""
    return services.flag_overdue_filings()


@shared_task
def deliver_outbox(key=None, stop_on_failure=False):
    """Send the due outbox events to the national gateway (woken after commit, and swept by beat).

    One batch per run; a full batch means more is waiting, so the task signals itself again (other tasks
    run in between) instead of leaving a backlog to the next sweep."""
    tally = delivery.deliver_due(key=key, stop_on_failure=stop_on_failure)
    if (
        key is None
        and tally["sent"] >= settings.NATIONAL_GATEWAY_BATCH
        and not settings.CELERY_TASK_ALWAYS_EAGER
    ):
        outbox.signal_worker(deliver_outbox)
    return tally
