"""A worker is SIGKILLed (pool children included) in the middle of draining a backlog: another worker
finishes it; nothing is lost, nothing is sent twice in effect (the gateway deduplicates by idempotency key,
and its duplicate count shows how many deliveries were repeated), and every filing's statuses arrive in
order."""

import time

import pytest

from config.celery import app
from services.constants import FilingStatus as S
from services.models import FilingEvent, OutboxEvent
from tests.builders import drive, new_draft
from tests.gateway.helpers import MockGateway, wait_until
from tests.reliability.stack import Stack

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.broker]
E = OutboxEvent.State
FILINGS = 30


def _actors(world):
    return {"applicant": world.citizens[0], **{k: users[0] for k, users in world.officials.items()}}


def test_a_worker_killed_mid_drain_loses_nothing_and_sends_nothing_twice_in_effect(world, tmp_path, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = False  # the backlog is built first, then drained
    filings = [
        drive(new_draft(world.procedure, world.citizens[0]), S.RESULT_RETURNED, _actors(world))
        for _ in range(FILINGS)
    ]
    total = OutboxEvent.objects.count()
    assert total == FILINGS * 6
    app.control.purge()
    stack = Stack(tmp_path, broker_url=settings.CELERY_BROKER_URL)
    try:
        stack.start_gateway()
        gateway = MockGateway(stack.gateway_url)
        gateway.set_mode("slow", delay=0.05)
        doomed = stack.start_worker("doomed", beat=True)
        wait_until(
            lambda: OutboxEvent.objects.filter(state=E.SENT).count() >= total // 4,
            timeout=120,
            what="a quarter of the backlog sent",
        )
        wait_until(
            lambda: (
                OutboxEvent.objects.filter(state=E.PENDING, locked_until__isnull=False, sent_at__isnull=True)
                .exclude(claim_token="")
                .exists()
            ),
            timeout=30,
            interval=0.02,
            what="a delivery in flight",
        )
        doomed.kill()  # SIGKILL to the worker's process group: main process, pool children, beat
        sent_at_kill = OutboxEvent.objects.filter(state=E.SENT).count()
        assert sent_at_kill < total, "the backlog finished before the kill"
        started = time.monotonic()
        gateway.set_mode("ok")
        stack.start_worker("rescuer", beat=True)
        wait_until(
            lambda: not OutboxEvent.objects.exclude(state=E.SENT).exists(),
            timeout=120,
            what="the rest delivered",
        )
        stats = gateway.stats()
        print(
            f"killed with {sent_at_kill}/{total} sent; the rescuer finished in {time.monotonic() - started:.1f}s; "
            f"gateway received {stats['received']} distinct events, {stats['duplicates']} repeated deliveries"
        )
        assert stats["received"] == total
        assert (
            stats["duplicates"] <= 2
        )  # at most the deliveries in flight when the worker died (concurrency 2)
        for filing in filings:
            expected = list(
                FilingEvent.objects.filter(filing=filing)
                .order_by("at", "id")
                .values_list("to_status", flat=True)
            )
            assert gateway.statuses(filing.code) == expected
    finally:
        stack.close()
        print("process logs in", tmp_path)
