"""Claims by the batch (bench/outbox.py, issue 12): one statement takes the heads of several keys, never two
events of one key; what a delivery that stops early did not send comes back at once, its attempt not
counted; an event is sent only while its lease outlasts the request (real HTTP to the mock, live server)."""

import pytest
from django.db import transaction

from services import outbox
from services.models import OutboxEvent
from services.sync import delivery

pytestmark = pytest.mark.django_db(transaction=True)
E = OutboxEvent.State


def _events(filings, each):
    with transaction.atomic():
        for n in range(each):  # interleaved, as steps on several filings write them
            for f in range(filings):
                outbox.enqueue(topic="filing.status", key=f"filing:B-{f}",
                               payload={"filing_code": f"B-{f}", "status": f"s{n}", "at": "2026-01-01T00:00:00+07:00"})  # fmt: skip


def test_a_batch_holds_the_head_of_each_key_and_no_later_event_of_it(world):
    _events(3, 2)
    batch = delivery.claim_batch(limit=10)
    assert sorted(e.key for e in batch) == ["filing:B-0", "filing:B-1", "filing:B-2"]
    assert [e.payload["status"] for e in batch] == ["s0"] * 3
    assert all(e.attempts == 1 and e.claim_token == batch[0].claim_token for e in batch)
    assert delivery.claim_batch(limit=10) == []  # the heads are leased, the rest wait behind them


def test_a_delivery_stopped_by_a_failure_lets_the_rest_of_its_batch_go_unsent(gateway, world, settings):
    settings.NATIONAL_GATEWAY_BACKOFF_BASE = settings.NATIONAL_GATEWAY_BACKOFF_CAP = (
        60  # the failed one waits
    )
    _events(4, 1)
    gateway.set_mode("error", status_code=503, remaining=1)
    assert delivery.deliver_due(stop_on_failure=True) == {"sent": 0, "retry": 1, "dead": 0}
    failed = OutboxEvent.objects.filter(attempts=1)
    assert failed.count() == 1 and failed.get().last_error.startswith("attempt 1: HTTP 503")
    rest = OutboxEvent.objects.exclude(pk=failed.get().pk)
    assert [(e.state, e.attempts, e.locked_until) for e in rest] == [(E.PENDING, 0, None)] * 3
    assert delivery.deliver_due()["sent"] == 3  # claimable again at once, not after the lease
    assert gateway.stats()["received"] == 3


def test_an_event_whose_lease_would_run_out_mid_request_is_not_sent(gateway, world, settings):
    settings.NATIONAL_GATEWAY_LEASE_SECONDS = 0.5  # shorter than a request may take: one event a claim
    _events(3, 1)
    batch = delivery.claim_batch(limit=3)
    assert len(batch) == 3 and not delivery._lease_left(batch[1])
    delivery.release(batch)
    assert delivery.deliver_due(max_events=3) == {"sent": 3, "retry": 0, "dead": 0}
    # each sent by a claim of its own: the two let go of each time did not count an attempt
    assert list(OutboxEvent.objects.values_list("state", "attempts")) == [(E.SENT, 1)] * 3
    assert gateway.stats() == {"received": 3, "duplicates": 0}


def test_batched_claims_keep_each_filings_order(gateway, world, settings):
    settings.NATIONAL_GATEWAY_CLAIM = 2  # batches smaller than the keys: later heads wait for the next one
    _events(3, 4)
    while delivery.deliver_due(max_events=5)["sent"]:
        pass
    for f in range(3):
        assert gateway.statuses(f"B-{f}") == ["s0", "s1", "s2", "s3"]
    assert gateway.stats()["duplicates"] == 0
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {E.SENT}
