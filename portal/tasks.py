from celery import shared_task


@shared_task
def refresh_report_rollups():
    """Celery beat: fold the days closed since the rollups' watermark (portal/reports/rollups.py)."""
    from portal.reports import rollups

    result = rollups.refresh()
    return {k: str(v) for k, v in result.items()}
