"""/healthz, /readyz and /metrics on the real database (SQLite here; PostgreSQL in the reliability suite)."""

import datetime as dt
import socket
import time

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from payments.constants import PaymentChannel, PaymentStatus
from payments.models import Payment
from services.models import OutboxEvent
from tests.builders import new_draft
from tests.factories import ProcedureFactory, citizen

pytestmark = pytest.mark.django_db


def _samples(text):
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_is_ready_on_a_migrated_database_with_no_backlog(client, settings):
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "", True  # tasks in-process
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert {name: c["ok"] for name, c in checks.items()} == {
        "database": True,
        "migrations": True,
        "outbox": True,
        "broker": True,
    }
    assert checks["broker"]["skipped"]  # no broker to ask


def test_readyz_says_503_when_the_oldest_pending_event_is_older_than_the_threshold(client, settings):
    settings.READYZ_OUTBOX_MAX_AGE_SECONDS = 60
    OutboxEvent.objects.create(topic="filing.status", key="filing:A", payload={})
    assert client.get("/readyz").status_code == 200  # young
    OutboxEvent.objects.update(created_at=timezone.now() - dt.timedelta(seconds=90))
    response = client.get("/readyz")
    assert response.status_code == 503
    outbox = response.json()["checks"]["outbox"]
    assert outbox["ok"] is False and 89 <= outbox["oldest_pending_age_seconds"] <= 120
    OutboxEvent.objects.update(state=OutboxEvent.State.SENT)  # sent events do not count
    assert client.get("/readyz").status_code == 200


def test_readyz_says_503_within_the_timeout_when_the_configured_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/6"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False and "Connection" in body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["ok"] is True


def test_metrics_count_the_outbox_and_payments_from_the_database_in_two_queries(
    client, django_assert_max_num_queries
):
    procedure = ProcedureFactory()
    filing = new_draft(procedure, citizen(7))
    old = timezone.now() - dt.timedelta(seconds=300)
    for n, state in enumerate(["pending", "pending", "pending", "dead", "sent"]):
        OutboxEvent.objects.create(
            topic="filing.status", key=f"k{n}", payload={}, state=state, created_at=old
        )
    OutboxEvent.objects.create(topic="catalog.publish", key="c", payload={})
    for status in (PaymentStatus.PENDING, PaymentStatus.CREATED, PaymentStatus.PAID):
        Payment.objects.create(filing=filing, channel=PaymentChannel.ONLINE, amount=1000, status=status)

    with django_assert_max_num_queries(2):
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    found = _samples(response.content.decode())
    assert found[("portal_outbox_backlog", ())] == 4
    assert found[("portal_outbox_dead_events", ())] == 1
    assert found[("portal_outbox_events", (("state", "pending"), ("topic", "filing.status")))] == 3
    assert found[("portal_outbox_events", (("state", "sent"), ("topic", "filing.status")))] == 1
    assert 299 <= found[("portal_outbox_oldest_pending_age_seconds", ())] < 400
    assert found[("portal_payments_pending", ())] == 2
    assert found[("portal_database_up", ())] == 1


def test_metrics_time_each_request_by_route_method_and_status_class(client):
    client.get("/healthz")
    client.post("/healthz")
    client.get("/no-such-page/")
    found = _samples(client.get("/metrics").content.decode())
    count = "portal_http_request_duration_seconds_count"
    assert found[(count, (("method", "GET"), ("route", "/healthz"), ("status", "2xx")))] >= 1
    assert found[(count, (("method", "POST"), ("route", "/healthz"), ("status", "2xx")))] >= 1
    assert found[(count, (("method", "GET"), ("route", "unmatched"), ("status", "4xx")))] >= 1


def test_metrics_are_refused_to_other_addresses_unless_they_present_the_token(client, settings):
    other = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", **other).status_code == 403
    settings.METRICS_ALLOWED_IPS = ["203.0.113.0/24"]
    assert client.get("/metrics", **other).status_code == 200
    assert client.get("/metrics").status_code == 403  # loopback is no longer listed
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token").status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
