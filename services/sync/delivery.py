"""Delivering the outbox to the national gateway: in order per key, each event at most once at a time.

A worker *claims* the oldest due event whose key has no earlier unsent event (so a later status never
overtakes an earlier one), with a lease; it sends it outside any transaction and records the answer.
The claim is a compare-and-set on the lease, so two workers never hold the same event; on PostgreSQL the
candidate rows are also read ``FOR UPDATE SKIP LOCKED`` so that workers pass each other instead of
queueing. If a worker dies mid-send, its lease runs out and the event is sent again with the same
idempotency key, which the gateway deduplicates: exactly once in effect.

Two lanes (issue 16): the *status* lane (filings' and payments' events, what citizens wait for) and the
*catalog* lane (publication requests, which come in thousands when a catalog is published). A claim looks
in the status lane first; the catalog lane gets every claim the status lane leaves, and at least one
claim in :data:`CATALOG_SHARE`, so a catalog backlog never holds up a filing's status and a steady stream
of statuses never stops the catalog.
"""

import datetime as dt
import logging
import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.db import connection, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from services.gateway import get_client
from services.gateway.base import GatewayError
from services.models import Filing, OutboxEvent
from services.selectors import STATUS_TOPIC, unacknowledged_status_events
from services.sync import publication

log = logging.getLogger(__name__)
E = OutboxEvent.State
_KEPT_FAILURES = 20
STATUS, CATALOG = "status", "catalog"
CATALOG_SHARE = 10  # one claim in ten starts with the catalog lane


def lane_filter(lane):
    catalog = Q(topic__in=publication.TOPICS)
    return catalog if lane == CATALOG else ~catalog


def claim_fairly(*, key=None, turn=0):
    """Claim one event, from the status lane first (the catalog lane first on every CATALOG_SHARE-th turn)."""
    claimed = claim_batch_fairly(key=key, turn=turn, limit=1)
    return claimed[0] if claimed else None


def claim_batch_fairly(*, key=None, turn=0, limit=1):
    """Claim up to ``limit`` events: the first lane of this turn (status, or catalog on every
    CATALOG_SHARE-th turn), the other lane filling what it leaves."""
    lanes = (CATALOG, STATUS) if turn % CATALOG_SHARE == CATALOG_SHARE - 1 else (STATUS, CATALOG)
    claimed = []
    for lane in lanes:
        if len(claimed) < limit:
            claimed += claim_batch(key=key, lane=lane, limit=limit - len(claimed))
    return claimed


def deliver_due(*, key=None, max_events=None, stop_on_failure=False, client=None):
    """Send what is due until nothing is claimable or ``max_events`` were tried; return the tally.

    Events are claimed :data:`settings.NATIONAL_GATEWAY_CLAIM` at a time (one statement, the heads of
    distinct keys, so no two of one key), sent one by one over the client's keep-alive connection, and
    each answer is recorded as it comes (an acknowledged event is never sent again, so a worker killed
    mid-batch repeats at most the one delivery it had in flight; the claimed events it had not sent yet
    come back when their lease runs out, unsent). An event is only sent while its lease outlasts the
    request (``_lease_left``); the rest of the batch is let go.

    ``stop_on_failure``: stop at the first failed attempt (a down or slow gateway then costs the caller one
    attempt, never a whole batch of timeouts); the unsent rest of the batch is let go at once.
    """
    client = client or get_client()
    max_events = max_events or settings.NATIONAL_GATEWAY_BATCH
    tally = {"sent": 0, "retry": 0, "dead": 0}
    tried, turn = 0, 0
    while tried < max_events:
        batch = claim_batch_fairly(
            key=key, turn=turn, limit=min(settings.NATIONAL_GATEWAY_CLAIM, max_events - tried)
        )
        turn += 1
        if not batch:
            break
        for i, event in enumerate(batch):
            if i and not _lease_left(event):
                release(batch[i:])
                break
            outcome = _deliver(event, client)
            tally[outcome] += 1
            tried += 1
            if stop_on_failure and outcome != "sent":
                release(batch[i + 1 :])
                return tally
    return tally


def _lease_left(event):
    """Whether ``event``'s lease lasts longer than one request can take (another worker would resend it)."""
    budget = settings.NATIONAL_GATEWAY_CONNECT_TIMEOUT + settings.NATIONAL_GATEWAY_READ_TIMEOUT + 1
    return event.locked_until - timezone.now() > timedelta(seconds=budget)


def _unleased(now):
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def claim_next(*, key=None, lane=None):
    """Take the lease on the oldest due event that heads its key (in ``lane``, if given), or None."""
    claimed = claim_batch(key=key, lane=lane, limit=1)
    return claimed[0] if claimed else None


def claim_batch(*, key=None, lane=None, limit=1):
    """Take the lease on up to ``limit`` of the oldest due events that head their keys (in ``lane``, if
    given), oldest first: one per key, so their order never matters. Two statements for the batch."""
    now = timezone.now()
    earlier_open = OutboxEvent.objects.filter(key=OuterRef("key"), id__lt=OuterRef("id")).exclude(
        state=E.SENT
    )
    heads = OutboxEvent.objects.filter(_unleased(now), state=E.PENDING, available_at__lte=now).exclude(
        Exists(earlier_open)
    )
    if key is not None:
        heads = heads.filter(key=key)
    if lane is not None:
        heads = heads.filter(lane_filter(lane))
    token = uuid.uuid4().hex
    lease = now + timedelta(seconds=settings.NATIONAL_GATEWAY_LEASE_SECONDS)
    with transaction.atomic():
        _lazy_commit()
        if connection.features.has_select_for_update_skip_locked:
            heads = heads.select_for_update(skip_locked=True)
        candidates = list(heads.order_by("id")[:limit])
        if not candidates:
            return []
        # a compare-and-set on the lease: without row locks (SQLite) another worker may have won some
        won = OutboxEvent.objects.filter(_unleased(now), pk__in=[e.pk for e in candidates], state=E.PENDING)
        count = won.update(
            locked_until=lease, claim_token=token, attempts=F("attempts") + 1, last_attempt_at=now
        )
        if count < len(candidates):
            mine = set(
                OutboxEvent.objects.filter(pk__in=[e.pk for e in candidates], claim_token=token).values_list(
                    "pk", flat=True
                )
            )
            candidates = [e for e in candidates if e.pk in mine]
    for event in candidates:  # as the row now is
        event.locked_until, event.claim_token, event.last_attempt_at = lease, token, now
        event.attempts += 1
    return candidates


def release(events):
    """Let go of claimed events that were not sent: claimable again at once, the attempt not counted."""
    for token in {e.claim_token for e in events}:
        OutboxEvent.objects.filter(
            pk__in=[e.pk for e in events if e.claim_token == token], claim_token=token, state=E.PENDING
        ).update(locked_until=None, attempts=F("attempts") - 1)


def _deliver(event, client):
    try:
        answer = client.deliver(
            topic=event.topic, payload=event.payload, idempotency_key=event.idempotency_key
        )
    except GatewayError as exc:
        return _record_failure(event, exc)
    except Exception as exc:  # a broken client is a failure to record, not a reason to stop the loop
        log.exception("gateway client crashed on outbox event %s", event.pk)
        return _record_failure(event, GatewayError(f"{type(exc).__name__}: {exc}"))
    return _record_success(event, answer if isinstance(answer, dict) else {"answer": answer})


def _record_success(event, answer):
    now = timezone.now()
    with transaction.atomic():
        _lazy_commit()
        done = OutboxEvent.objects.filter(pk=event.pk, state=E.PENDING).update(
            state=E.SENT, sent_at=now, locked_until=None, response=answer
        )
        if done and event.topic in publication.TOPICS:
            publication.record_ack(event=event, answer=answer, at=now)
        if done and event.topic == STATUS_TOPIC:
            record_status_ack(event=event, at=now)
    return "sent"


def _lazy_commit():
    """This transaction's commit does not wait for its WAL to reach the disk (PostgreSQL's
    ``synchronous_commit`` off, for this transaction only): the wait was most of an acknowledgement's cost
    (5 ms a commit on the bench machine, bench/outbox.py). Safe for the outbox's claims and
    acknowledgements only: a crash of the database may forget the last fraction of a second of them, which
    then come back as pending events, and the gateway deduplicates their resend (same idempotency key);
    what they record with them (a filing's sync record, a publication's state) is forgotten with them, in
    the same transaction, and written again on the resend's acknowledgement. WAL keeps commits in order, so
    a later event's acknowledgement is never kept while an earlier one of its key is forgotten."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def record_status_ack(*, event, at):
    """A filing's status event was acknowledged at ``at``: keep its filing's sync record (issue 14).

    ``sync_lag_seconds`` is the longest ack − change delay over the filing's status events;
    ``sync_complete_at`` is set when no status event of the filing is left unacknowledged (the events of
    one key are delivered in order, so this is the ack of the last one)."""
    code = event.payload.get("filing_code")
    changed = parse_datetime(event.payload.get("at") or "")
    if not code or changed is None:
        return
    if timezone.is_naive(changed):  # a payload written without an offset is UTC, as every stored time
        changed = timezone.make_aware(changed, dt.UTC)
    lag = max(0, int((at - changed).total_seconds()))
    # one statement: the longest lag so far, and the completion time once nothing is left unacknowledged
    Filing.objects.filter(code=code).update(
        sync_lag_seconds=Greatest(Coalesce(F("sync_lag_seconds"), Value(0)), Value(lag)),
        sync_complete_at=Case(
            When(~Exists(unacknowledged_status_events()), then=Value(at)), default=F("sync_complete_at")
        ),
    )


def retry_delay(attempts, retry_after=None):
    """Exponential backoff with jitter; when the gateway says Retry-After, that, plus a little jitter."""
    if retry_after is not None:
        return retry_after + random.uniform(0, min(1.0, retry_after * 0.1))
    ceiling = min(
        settings.NATIONAL_GATEWAY_BACKOFF_CAP,
        settings.NATIONAL_GATEWAY_BACKOFF_BASE * 2 ** max(0, attempts - 1),
    )
    return ceiling * random.uniform(0.5, 1.0)


def _record_failure(event, exc):
    now = timezone.now()
    rate_limited = exc.status == 429
    # A rate limit is the gateway pacing us, not the event failing: it does not use up an attempt.
    attempts = event.attempts - 1 if rate_limited else event.attempts
    dead = not exc.retryable or attempts >= settings.NATIONAL_GATEWAY_MAX_ATTEMPTS
    message = f"attempt {event.attempts}: {exc}"
    log.warning("outbox event %s (%s %s) failed: %s", event.pk, event.topic, event.key, message)
    failures = [*event.failures, {"at": now.isoformat(), "error": message}][-_KEPT_FAILURES:]
    changes = {"last_error": message, "failures": failures, "locked_until": None, "attempts": attempts}
    if dead:
        changes.update(state=E.DEAD, dead_at=now)
    else:
        changes["available_at"] = now + timedelta(seconds=retry_delay(attempts, exc.retry_after))
    with transaction.atomic():
        updated = OutboxEvent.objects.filter(
            pk=event.pk, state=E.PENDING, claim_token=event.claim_token
        ).update(**changes)
        if updated and dead:
            transaction.on_commit(lambda: _notify_dead(event, message))
    return "dead" if dead else "retry"


def _notify_dead(event, message):
    mail_admins(
        f"Đồng bộ Cổng DVCQG dừng / Gateway sync parked event #{event.pk} ({event.key})",
        f"Sự kiện / event #{event.pk} {event.topic} {event.key}\n"
        f"Lỗi cuối / last error: {message}\n"
        "Các sự kiện sau của cùng khóa chờ đến khi gửi lại / later events of this key wait until it is "
        "re-driven (admin action or `manage.py redrive_outbox`).",
        fail_silently=True,
    )


def redrive(*, events=None):
    """Put dead events back in the queue with their attempts reset; returns how many."""
    dead = OutboxEvent.objects.filter(state=E.DEAD)
    if events is not None:
        dead = dead.filter(pk__in=[getattr(e, "pk", e) for e in events])
    now = timezone.now()
    with transaction.atomic():
        count = dead.update(state=E.PENDING, attempts=0, available_at=now, dead_at=None, locked_until=None)
        if count:
            transaction.on_commit(wake)
    return count


def wake():
    """Ask a worker to deliver now (after commit): a signal only, never a delivery in the caller's request.
    Without a broker (Celery eager: the test suite, one-off commands) there is no worker to signal and
    nothing is sent here; the delivery runs from the worker, its beat sweep, or ``deliver_due`` itself."""
    if not settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT or settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    from services import outbox
    from services.tasks import deliver_outbox

    return outbox.signal_worker(deliver_outbox)
