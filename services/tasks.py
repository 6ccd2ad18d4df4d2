from celery import shared_task

from services import services


@shared_task
def flag_overdue_filings():
    """Celery beat: flag the filings that have just gone overdue."""
    return services.flag_overdue_filings()
