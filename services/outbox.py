"""Writing to the transactional outbox: call inside the transaction of the change being reported."""

from django.db import transaction

from services.models import OutboxEvent


def enqueue(*, topic, key, payload):
    """Add a message for the national gateway; it is sent after commit by the delivery task."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox rows are written inside the transaction of the change they report")
    event = OutboxEvent.objects.create(topic=topic, key=key, payload=payload)
    transaction.on_commit(_wake, robust=True)
    return event


def _wake():
    from services.sync.delivery import wake  # the delivery imports the models this module writes

    wake()


def filing_status_payload(filing, event):
    return {
        "filing_code": filing.code,
        "national_id": filing.national_id,
        "procedure_code": filing.procedure.national_code,
        "agency_code": filing.agency.code,
        "channel": filing.channel,
        "action": event.action,
        "from_status": event.from_status,
        "status": event.to_status,
        "at": event.at.isoformat(),
        "due_date": filing.due_date.isoformat() if filing.due_date else None,
        "timeliness": filing.timeliness or None,
        "reason": event.reason,
    }


def enqueue_filing_event(filing, event):
    return enqueue(
        topic="filing.status", key=f"filing:{filing.code}", payload=filing_status_payload(filing, event)
    )
