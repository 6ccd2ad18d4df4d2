"""The applicant is told of each step once per channel, over real SMTP and the mock SMS gateway over
HTTP; retries while a channel is down; nothing when the step's transaction rolls back."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import delivery
from notifications import services as notifications
from notifications.models import ChannelPreference, DeliveryAttempt, Notification
from services import services
from services.constants import FilingStatus as S
from services.constants import Role
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    agency = AgencyFactory(name="UBND thành phố Vĩnh Long")
    procedure = ProcedureFactory(agency=agency, name="Đăng ký thành lập hộ kinh doanh")
    applicant = citizen(1, email="binh@example.vn", phone="0901234567")
    actors = {
        "applicant": applicant,
        "desk": official(Role.DESK, agency, email="motcua@example.vn"),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
    }
    return procedure, actors


def _walk(procedure, actors, steps, django_capture_on_commit_callbacks):
    """Take the steps; after each commit, what the worker does (with a broker, the woken task is queued
    for a worker this test does not run: the sweep is called here, as beat would)."""
    filing = new_draft(procedure, actors["applicant"])
    for step, who, kwargs in steps:
        with django_capture_on_commit_callbacks(execute=True):  # the commit wakes the (eager) worker
            filing = services.TRANSITIONS[step](filing=filing, actor=actors[who], **kwargs)
        delivery.deliver_due()
    return filing


FULL_PATH = [
    ("submit", "applicant", {}),
    ("request_supplement", "desk", {"reason": "Thiếu bản sao căn cước"}),
    ("resubmit", "applicant", {}),
    ("receive", "desk", {}),
    ("start_review", "specialist", {}),
    ("propose", "specialist", {"proposal": "approve"}),
    ("approve", "leader", {}),
    ("return_result", "desk", {}),
]
RECEIVE_PATH = [("submit", "applicant", {}), ("receive", "desk", {})]


def test_each_step_is_told_once_per_channel_by_email_and_sms(
    people, smtp, sms, django_capture_on_commit_callbacks
):
    procedure, actors = people
    filing = _walk(procedure, actors, FULL_PATH, django_capture_on_commit_callbacks)
    events = ["supplement", "receipt", "approved", "result"]
    assert sorted(Notification.objects.values_list("event", "channel")) == sorted(
        (e, c) for e in events for c in ("email", "sms")
    )
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    mails, texts = smtp.inbox.messages, sms.messages()
    assert len(mails) == 4 and len(texts) == 4
    assert all(m["to"] == ["binh@example.vn"] for m in mails) and all(t["to"] == "0901234567" for t in texts)
    link = f"/filings/{filing.code}/"
    assert all(filing.code in m["subject"] and link in m["body"] for m in mails)
    assert all(filing.code in t["text"] for t in texts)
    supplement = next(m for m in mails if "bổ sung" in m["subject"])
    assert "Thiếu bản sao căn cước" in supplement["body"]
    receipt = next(m for m in mails if "tiếp nhận" in m["subject"])
    assert f"{filing.due_date:%d/%m/%Y}" in receipt["body"]  # the appointment date
    # the same event again (a re-run of the hook, a second sweep): nothing more is written or sent
    event = filing.events.get(action="return_result")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notifications.on_filing_event(filing, event)
    delivery.deliver_due(now=timezone.now() + timedelta(days=1))
    assert Notification.objects.count() == 8 and len(smtp.inbox.messages) == 4 and len(sms.messages()) == 4
    assert DeliveryAttempt.objects.count() == 8


def test_refusal_rejection_payment_and_apology_are_told(
    people, smtp, sms, django_capture_on_commit_callbacks
):
    procedure, actors = people
    refused = _walk(
        procedure,
        actors,
        [("submit", "applicant", {}), ("refuse", "desk", {"reason": "Sai thẩm quyền"})],
        django_capture_on_commit_callbacks,
    )
    assert any("Sai thẩm quyền" in m["body"] and refused.code in m["subject"] for m in smtp.inbox.messages)
    filing = drive(new_draft(procedure, actors["applicant"]), S.AWAITING_APPROVAL, actors)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_filing(filing=filing, actor=actors["leader"], reason="Không đủ điều kiện")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert services.mark_fee_settled(filing=filing, at=timezone.now())
        assert not services.mark_fee_settled(filing=filing, at=timezone.now())  # once
    delivery.deliver_due()
    subjects = [m["subject"] for m in smtp.inbox.messages]
    assert any("không được giải quyết" in s for s in subjects)
    assert sum("lệ phí" in s for s in subjects) == 1
    late = drive(new_draft(procedure, actors["applicant"]), S.IN_REVIEW, actors)
    late.due_date = timezone.localdate() - timedelta(days=1)
    late.save(update_fields=["due_date"])
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_apology_slip(
            filing=late,
            actor=actors["desk"],
            new_due_date=timezone.localdate() + timedelta(days=5),
            reason="Chờ xác minh",
        )
    delivery.deliver_due()
    apology = next(m for m in smtp.inbox.messages if "Xin lỗi" in m["subject"])
    assert (
        "Chờ xác minh" in apology["body"]
        and f"{timezone.localdate() + timedelta(days=5):%d/%m/%Y}" in apology["body"]
    )
    assert any("Chờ xác minh" in t["text"] for t in sms.messages())


def test_nothing_is_written_or_sent_when_the_step_rolls_back(
    people, smtp, sms, django_capture_on_commit_callbacks
):
    procedure, actors = people
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.receive_filing(filing=filing, actor=actors["desk"])
        assert Notification.objects.filter(event="receipt").count() == 2  # written in the step...
        raise RuntimeError("the request fails after the step")
    assert not Notification.objects.filter(event="receipt").exists()  # ...and rolled back with it
    delivery.deliver_due(now=timezone.now() + timedelta(days=1))
    assert smtp.inbox.messages == [] and sms.messages() == []


def test_a_down_gateway_is_retried_with_backoff_and_each_attempt_recorded(
    people, smtp, sms, django_capture_on_commit_callbacks, settings
):
    procedure, actors = people
    sms.fault("down")
    smtp.stop()
    filing = _walk(procedure, actors, RECEIVE_PATH, django_capture_on_commit_callbacks)
    rows = {n.channel: n for n in Notification.objects.filter(filing=filing, event="receipt")}
    for row in rows.values():
        assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at > timezone.now()
    assert "503" in rows["sms"].last_error
    assert delivery.deliver_due() == 0  # not due yet: backoff
    assert DeliveryAttempt.objects.filter(notification__filing=filing).count() == 2
    sms.fault("")
    smtp.start()
    later = timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2)
    assert delivery.deliver_due(now=later) == 2
    assert len(sms.messages()) == 1 and len(smtp.inbox.messages) == 1
    attempts = list(DeliveryAttempt.objects.filter(notification=rows["sms"]).values_list("ok", flat=True))
    assert attempts == [False, True]


def test_a_slow_gateway_times_out_and_is_retried_a_rejecting_one_is_given_up(
    people, smtp, sms, django_capture_on_commit_callbacks, settings
):
    procedure, actors = people
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    sms.fault("slow", delay=1.5)
    filing = _walk(procedure, actors, RECEIVE_PATH, django_capture_on_commit_callbacks)
    row = Notification.objects.get(filing=filing, channel="sms")
    assert row.status == "pending" and "Timeout" in row.last_error
    sms.fault("rejecting")
    delivery.deliver_due(now=timezone.now() + timedelta(hours=2))
    row.refresh_from_db()
    assert row.status == "dead" and row.attempts == 2 and "422" in row.last_error
    delivery.deliver_due(now=timezone.now() + timedelta(days=2))
    row.refresh_from_db()
    assert row.attempts == 2  # not tried again


def test_channels_and_language_follow_the_citizens_choice(
    people, smtp, sms, client, django_capture_on_commit_callbacks
):
    procedure, actors = people
    client.force_login(actors["applicant"])
    page = client.post(reverse("notifications:preferences"), {"email": "on", "language": "en"})
    assert page.status_code == 302
    assert ChannelPreference.objects.get(user=actors["applicant"]).sms is False
    _walk(procedure, actors, RECEIVE_PATH, django_capture_on_commit_callbacks)
    assert sms.messages() == []
    [mail] = smtp.inbox.messages
    assert mail["subject"].startswith("Filing ") and "received" in mail["subject"]
    assert "Result appointment" in mail["body"]


def test_officials_get_a_daily_digest_of_filings_due_tomorrow(
    people, smtp, django_capture_on_commit_callbacks
):
    procedure, actors = people
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    tomorrow = timezone.localdate() + timedelta(days=1)
    type(filing).objects.filter(pk=filing.pk).update(due_date=tomorrow)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.write_daily_digest() == 1  # the desk has an e-mail and the filing in its queue
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.write_daily_digest() == 0  # once a day
    delivery.deliver_due()
    [mail] = [m for m in smtp.inbox.messages if m["to"] == ["motcua@example.vn"]]
    assert filing.code in mail["body"] and f"{tomorrow:%d/%m/%Y}" in mail["subject"]


def test_the_mock_sms_gateway_is_mounted_in_the_embedded_mode_and_idempotent(client):
    first = client.post(
        "/mock-sms/api/messages", {"to": "0900", "text": "xin chào", "reference": "k1"}, "application/json"
    )
    again = client.post(
        "/mock-sms/api/messages", {"to": "0900", "text": "xin chào", "reference": "k1"}, "application/json"
    )
    assert first.status_code == 202 and again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert client.post("/mock-sms/api/faults", {"mode": "sideways"}, "application/json").status_code == 400
    client.delete("/mock-sms/api/messages")


@pytest.fixture
def celery_worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.mark.postgres
@pytest.mark.broker
def test_a_real_worker_sends_what_the_commit_woke_it_for(people, smtp, sms, celery_worker):
    import time

    procedure, actors = people
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    services.receive_filing(filing=filing, actor=actors["desk"])  # commits: the wake goes to the broker
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Notification.objects.filter(status="pending").exists():
        time.sleep(0.2)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert len(smtp.inbox.messages) == 1 and len(sms.messages()) == 1
