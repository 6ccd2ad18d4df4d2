"""Several workers draining one outbox at once (threads here, processes in ``bench/outbox.py``): each
filing's events reach the gateway in the outbox's order, whoever sends them (a resend after a timeout is
deduplicated by the gateway: its history holds each event once)."""

import threading
import time

import pytest
from django.db import transaction

from services import outbox
from services.models import OutboxEvent
from services.sync import delivery

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
FILINGS, EACH, WORKERS = 4, 5, 2  # each worker thread holds a connection of the pool the live server shares


def test_two_workers_at_once_keep_each_filings_order(gateway, settings):
    settings.NATIONAL_GATEWAY_READ_TIMEOUT = 20.0  # a loaded machine's live server is slow, not down
    with transaction.atomic():  # as a step writes them: in its transaction
        for n in range(EACH):  # interleaved: filing 0's n-th event, filing 1's, ...
            for f in range(FILINGS):
                outbox.enqueue(topic="filing.status", key=f"filing:ORD-{f}",
                           payload={"filing_code": f"ORD-{f}", "status": f"s{n}", "at": f"2026-01-0{n + 1}"})  # fmt: skip
    errors = []

    def work():
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if not delivery.deliver_due(max_events=3)["sent"]:
                    time.sleep(0.05)  # another worker holds the next event of a filing, or a backoff runs
                if not OutboxEvent.objects.filter(state=OutboxEvent.State.PENDING).exists():
                    return
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and not any(t.is_alive() for t in threads)
    for f in range(FILINGS):
        assert gateway.statuses(f"ORD-{f}") == [f"s{n}" for n in range(EACH)]
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {OutboxEvent.State.SENT}
