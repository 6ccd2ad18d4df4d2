"""Delivery of the outbox to the mock gateway over real HTTP (live server), driven step by step."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from payments import services as payments
from services import outbox, services
from services.constants import FilingStatus as S
from services.constants import OnlineLevel, Proposal
from services.models import FilingEvent, OutboxEvent
from services.sync import delivery
from tests.builders import drive, new_draft
from tests.gateway.helpers import free_port, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
E = OutboxEvent.State


def _drain(timeout=20):
    """Deliver until nothing is pending (waiting out backoffs), bounded."""
    wait_until(
        lambda: delivery.deliver_due() and not OutboxEvent.objects.filter(state=E.PENDING).exists(),
        timeout=timeout,
        interval=0.1,
        what="the outbox to drain",
    )


def _filing_through(world, state=S.RESULT_RETURNED):
    return drive(new_draft(world["procedure"], world["applicant"]), state, world)


def _expected(filing):
    return list(
        FilingEvent.objects.filter(filing=filing).order_by("at", "id").values_list("to_status", flat=True)
    )


def test_every_status_change_reaches_the_gateway_once_and_in_order(gateway, world):
    filing = _filing_through(world)
    _drain()
    assert (
        gateway.statuses(filing.code)
        == _expected(filing)
        == [
            S.SUBMITTED,
            S.RECEIVED,
            S.IN_REVIEW,
            S.AWAITING_APPROVAL,
            S.APPROVED,
            S.RESULT_RETURNED,
        ]
    )
    assert gateway.stats()["duplicates"] == 0
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {E.SENT}


def test_gateway_down_for_a_stretch_loses_nothing_and_keeps_each_filings_order(gateway, world, settings):
    up = settings.NATIONAL_GATEWAY_URL
    settings.NATIONAL_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/mock-gateway/"  # nobody listens: refused
    first = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    delivery.deliver_due()
    second = _filing_through(world, S.IN_REVIEW)
    first = services.start_review(filing=first, actor=world["specialist"])
    first = services.propose_decision(filing=first, actor=world["specialist"], proposal=Proposal.APPROVE)
    time.sleep(0.3)
    delivery.deliver_due()
    failed = OutboxEvent.objects.filter(state=E.PENDING, attempts__gt=0)
    assert failed.exists()
    assert all("connection failed" in e.last_error for e in failed)
    settings.NATIONAL_GATEWAY_URL = up
    _drain()
    for filing in (first, second):
        assert gateway.statuses(filing.code) == _expected(filing)
    assert gateway.stats()["duplicates"] == 0


def test_a_5xx_and_a_timeout_are_recorded_with_their_error_and_retried(gateway, world):
    filing = _filing_through(world, S.SUBMITTED)
    gateway.set_mode("error", status_code=502, remaining=1)
    delivery.deliver_due()
    event = OutboxEvent.objects.get()
    assert (event.state, event.attempts) == (E.PENDING, 1)
    assert "HTTP 502" in event.last_error
    gateway.set_mode("slow", delay=3, remaining=1)  # beyond the 2 s read timeout
    wait_until(lambda: delivery.deliver_due()["retry"], timeout=10, what="the slow attempt")
    event.refresh_from_db()
    assert "timeout" in event.last_error
    assert ["HTTP 502" in event.failures[0]["error"], "timeout" in event.failures[1]["error"]] == [True, True]
    time.sleep(1.5)  # let the slow request finish on the gateway's side
    _drain()
    assert gateway.statuses(filing.code) == [S.SUBMITTED]  # received while we timed out; resent, deduped


def test_an_answer_lost_after_acceptance_is_resent_and_deduplicated(gateway, world):
    filing = _filing_through(world, S.SUBMITTED)
    gateway.set_mode("lose", remaining=1)
    _drain()
    history = gateway.history(filing.code)
    assert [h["status"] for h in history] == [S.SUBMITTED]
    assert history[0]["duplicates"] == 1
    assert OutboxEvent.objects.get().attempts == 2


def test_a_malformed_event_is_parked_dead_at_once_and_admins_are_mailed(gateway, world, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    with transaction.atomic():
        bad = outbox.enqueue(topic="filing.status", key="filing:X-1", payload={"filing_code": "X-1"})
        later = outbox.enqueue(
            topic="filing.status", key="filing:X-1", payload={"filing_code": "X-1", "at": "t"}
        )
    delivery.deliver_due()
    delivery.deliver_due()
    bad.refresh_from_db()
    later.refresh_from_db()
    assert (bad.state, bad.attempts) == (E.DEAD, 1)
    assert "HTTP 422" in bad.last_error and "missing fields: status, at" in bad.last_error
    assert later.state == E.PENDING and later.attempts == 0  # held back: it may not overtake the dead one
    assert len(mail.outbox) == 1 and "X-1" in mail.outbox[0].subject


def test_one_filings_failure_does_not_block_other_filings(gateway, world):
    with transaction.atomic():
        outbox.enqueue(topic="filing.status", key="filing:BROKEN", payload={"filing_code": "BROKEN"})
    healthy = _filing_through(world, S.RECEIVED)
    _drain()
    assert gateway.statuses(healthy.code) == [S.SUBMITTED, S.RECEIVED]
    assert OutboxEvent.objects.get(key="filing:BROKEN").state == E.DEAD


def test_the_attempt_limit_parks_an_event_dead_with_its_last_error(gateway, world, settings):
    settings.NATIONAL_GATEWAY_MAX_ATTEMPTS = 3
    _filing_through(world, S.SUBMITTED)
    gateway.set_mode("error", status_code=503)
    wait_until(
        lambda: delivery.deliver_due()["dead"] or OutboxEvent.objects.filter(state=E.DEAD).exists(),
        timeout=10,
        interval=0.1,
        what="the event to go dead",
    )
    event = OutboxEvent.objects.get()
    assert (event.state, event.attempts) == (E.DEAD, 3)
    assert "HTTP 503" in event.last_error and len(event.failures) == 3


def test_rate_limit_honours_retry_after_and_does_not_use_up_attempts(gateway, world):
    filing = _filing_through(world, S.SUBMITTED)
    gateway.set_mode("rate_limit", retry_after=2, remaining=1)
    before = timezone.now()
    delivery.deliver_due()
    event = OutboxEvent.objects.get()
    assert event.state == E.PENDING and event.attempts == 0
    assert (event.available_at - before).total_seconds() >= 2
    assert delivery.deliver_due()["sent"] == 0  # too early: the gateway said to wait
    wait_until(lambda: delivery.deliver_due()["sent"], timeout=6, what="the retry after Retry-After")
    assert gateway.statuses(filing.code) == [S.SUBMITTED]


def test_redriving_a_dead_event_resets_its_attempts_and_sends_it(gateway, world, settings):
    settings.NATIONAL_GATEWAY_MAX_ATTEMPTS = 1
    filing = _filing_through(world, S.SUBMITTED)
    gateway.set_mode("error", status_code=500, remaining=1)
    delivery.deliver_due()
    assert OutboxEvent.objects.get().state == E.DEAD
    call_command("redrive_outbox")
    event = OutboxEvent.objects.get()
    assert (event.state, event.attempts) == (E.PENDING, 0)
    _drain()
    assert gateway.statuses(filing.code) == [S.SUBMITTED]


def test_a_worker_whose_lease_ran_out_is_superseded_without_a_double_effect(gateway, world, settings):
    settings.NATIONAL_GATEWAY_LEASE_SECONDS = 0.2
    filing = _filing_through(world, S.SUBMITTED)
    crashed = delivery.claim_next()  # a worker claims, then dies before sending anything
    assert crashed is not None and delivery.claim_next() is None
    time.sleep(0.3)
    _drain()
    assert gateway.statuses(filing.code) == [S.SUBMITTED]


def test_overdue_flags_reach_the_gateway_in_the_filings_history(gateway, world):
    filing = _filing_through(world, S.RECEIVED)
    assert services.flag_overdue_filings(now=timezone.now() + timedelta(days=60)) == 1
    _drain()
    assert [h.get("topic") for h in gateway.history(filing.code)] == ["filing.status"] * 2 + [
        "filing.overdue"
    ]


def test_a_payment_reaches_the_gateway_in_the_filings_history_between_its_status_changes(gateway, world):
    procedure = world["procedure"]
    procedure.online_level, procedure.fee = OnlineLevel.PARTIAL, 30_000
    procedure.save()
    filing = _filing_through(world, S.APPROVED)
    payments.record_counter_payment(filing=filing, actor=world["desk"], receipt_number="BL-0001")
    filing = services.return_result(filing=filing, actor=world["desk"])
    _drain()
    seen = [(h["topic"], h["status"]) for h in gateway.history(filing.code)]
    assert seen[-4:] == [
        ("filing.status", S.APPROVED),
        ("payment.status", "created"),
        ("payment.status", "paid"),
        ("filing.status", S.RESULT_RETURNED),
    ]
