"""Several workers draining one outbox at once (threads here, processes in ``bench/outbox.py``): each
filing's events reach the gateway once and in the outbox's order, whoever sends them."""

import threading

import pytest

from services import outbox
from services.models import OutboxEvent
from services.sync import delivery

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
FILINGS, EACH, WORKERS = 4, 5, 4


def test_four_workers_at_once_keep_each_filings_order_and_send_nothing_twice(gateway):
    for n in range(EACH):  # interleaved: filing 0's n-th event, filing 1's, ...
        for f in range(FILINGS):
            outbox.enqueue(topic="filing.status", key=f"filing:ORD-{f}",
                           payload={"filing_code": f"ORD-{f}", "status": f"s{n}", "at": f"2026-01-0{n + 1}"})  # fmt: skip
    errors = []

    def work():
        try:
            for _ in range(200):
                delivery.deliver_due(max_events=3)
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
    assert gateway.stats()["duplicates"] == 0
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {OutboxEvent.State.SENT}
