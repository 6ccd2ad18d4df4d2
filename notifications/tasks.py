from celery import shared_task

from notifications import delivery, services


@shared_task(ignore_result=True)
def deliver_notifications():
    """Woken after each commit that wrote notifications, and swept by beat for the retries."""
    return delivery.deliver_due()


@shared_task(ignore_result=True)
def daily_digest():
    """Beat, each morning: officials get the filings of their queue due tomorrow."""
    return services.write_daily_digest()
