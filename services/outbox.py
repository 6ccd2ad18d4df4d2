"""Writing to the transactional outbox: call inside the transaction of the change being reported.

After commit the request only *signals* a worker (:func:`signal_worker`): one bounded publish to the
broker, no retries, never a delivery. When the broker is down the signal is dropped, logged and counted
(:func:`signal_failures`, for the metrics), and the beat sweep sends the event later.
"""

import logging
import threading

from django.db import transaction

from services.models import Filing, OutboxEvent


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


log = logging.getLogger(__name__)
_failures_lock = threading.Lock()
_signal_failures = 0


def signal_failures():
    """How many worker signals this process could not publish (the broker down or too slow)."""
    return _signal_failures


def signal_worker(task, *args, **kwargs):
    """Ask a worker to run ``task`` soon: one publish bounded by the broker's short socket timeouts
    (``CELERY_BROKER_TRANSPORT_OPTIONS``), no retries. Returns False, logged and counted, if it failed;
    the caller's work is committed already and a beat sweep picks it up."""
    global _signal_failures
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False, ignore_result=True)
    except Exception as exc:
        with _failures_lock:
            _signal_failures += 1
        log.warning("could not signal the worker (%s): %s; the periodic sweep will do it", task.name, exc)
        return False
    return True


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
    """The status event for the gateway; until it is acknowledged the filing's sync is incomplete
    (``sync_complete_at`` cleared here, set again by the delivery on the last ack)."""
    if filing.sync_complete_at is not None:  # the caller's row is the one it locked: no query when clear
        Filing.objects.filter(pk=filing.pk).update(sync_complete_at=None)
        filing.sync_complete_at = None
    return enqueue(
        topic="filing.status", key=f"filing:{filing.code}", payload=filing_status_payload(filing, event)
    )
