"""Real processes: the mock gateway on its own port, Celery workers on Redis, both on the test database.

Each child runs in its own session and is killed at teardown; every wait is bounded.
"""

import time

import pytest
import requests
from django.db import connection
from django.utils import timezone

from config.celery import app
from services import services
from services.constants import FilingStatus as S
from services.models import FilingEvent, OutboxEvent
from tests.builders import drive, new_draft
from tests.gateway.helpers import (
    MockGateway,
    free_port,
    port_open,
    service_env,
    start_mock,
    start_worker,
    wait_until,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.broker]
E = OutboxEvent.State
WORKER_ENV = {
    "NATIONAL_GATEWAY_CONNECT_TIMEOUT": 1,
    "NATIONAL_GATEWAY_READ_TIMEOUT": 5,
    "NATIONAL_GATEWAY_LEASE_SECONDS": 8,
    "NATIONAL_GATEWAY_BACKOFF_BASE": 0.2,
    "NATIONAL_GATEWAY_BACKOFF_CAP": 1,
    "NATIONAL_GATEWAY_SWEEP_SECONDS": 1,
}


class Stack:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/mock-gateway/"
        self.env = service_env(connection.settings_dict["NAME"], NATIONAL_GATEWAY_URL=self.url, **WORKER_ENV)
        self.processes = []
        self.mock_process = None
        self.gateway = MockGateway(self.url)

    def start_mock(self):
        self.mock_process = start_mock(self.port, self.env, self.tmp_path / "mock.log")
        self.processes.append(self.mock_process)
        return self.gateway

    def stop_mock(self):
        self.mock_process.stop()
        wait_until(lambda: not port_open(self.port), timeout=10, what="the mock to stop")

    def start_worker(self, name, *, beat=False):
        worker = start_worker(
            self.env, self.tmp_path / f"{name}.log", beat_dir=self.tmp_path if beat else None, name=name
        )
        self.processes.append(worker)
        return worker

    def close(self):
        for process in reversed(self.processes):
            process.stop()


@pytest.fixture
def stack(world, tmp_path, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = True  # transitions wake the workers through Redis
    app.control.purge()
    stack = Stack(tmp_path)
    yield stack
    stack.close()
    print("process logs in", tmp_path)


def _expected(filing):
    return list(
        FilingEvent.objects.filter(filing=filing).order_by("at", "id").values_list("to_status", flat=True)
    )


def _all_sent(timeout):
    wait_until(
        lambda: not OutboxEvent.objects.exclude(state=E.SENT).exists(),
        timeout=timeout,
        what="every event sent",
    )


def _new(world, state):
    return drive(new_draft(world["procedure"], world["applicant"]), state, world)


def test_gateway_down_for_a_stretch_while_filings_move_then_back_every_event_arrives_once_in_order(
    world, stack
):
    gateway = stack.start_mock()
    assert (
        requests.get(f"http://127.0.0.1:{stack.port}/admin/", timeout=5).status_code == 404
    )  # only the mock
    stack.start_worker("w1", beat=True)
    first = _new(world, S.RECEIVED)
    _all_sent(60)
    stack.stop_mock()
    started = time.monotonic()
    second = _new(world, S.RESULT_RETURNED)
    first = services.start_review(filing=first, actor=world["specialist"])
    first = services.withdraw_filing(filing=first, actor=world["applicant"])
    wait_until(
        lambda: OutboxEvent.objects.filter(
            state=E.PENDING, attempts__gte=2, last_error__contains="connection"
        ).exists(),
        timeout=30,
        what="failed attempts recorded while the gateway is down",
    )
    gateway = stack.start_mock()
    _all_sent(60)
    print(f"down for {time.monotonic() - started:.1f}s")
    for filing in (first, second):
        assert gateway.statuses(filing.code) == _expected(filing)
    assert gateway.stats() == {"received": OutboxEvent.objects.count(), "duplicates": 0}


def test_a_worker_killed_mid_delivery_loses_nothing(world, stack):
    gateway = stack.start_mock()
    gateway.set_mode("slow", delay=3)
    filings = [_new(world, S.RECEIVED) for _ in range(2)]
    doomed = stack.start_worker("doomed")
    wait_until(
        lambda: OutboxEvent.objects.filter(state=E.PENDING, locked_until__gt=timezone.now()).exists(),
        timeout=40,
        what="a delivery in flight",
    )
    time.sleep(0.5)
    doomed.kill()  # SIGKILL, pool children included, while the request hangs in the gateway
    assert OutboxEvent.objects.filter(state=E.PENDING, attempts__gte=1, sent_at__isnull=True).exists()
    gateway.set_mode("ok")
    stack.start_worker("rescuer", beat=True)
    _all_sent(60)
    for filing in filings:
        assert gateway.statuses(filing.code) == _expected(filing) == [S.SUBMITTED, S.RECEIVED]
    assert gateway.stats()["received"] == OutboxEvent.objects.count()


def test_two_workers_at_once_send_nothing_twice(world, stack):
    gateway = stack.start_mock()
    stack.start_worker("w1", beat=True)
    stack.start_worker("w2")
    filings = [_new(world, S.RESULT_RETURNED) for _ in range(4)]
    _all_sent(90)
    for filing in filings:
        assert gateway.statuses(filing.code) == _expected(filing)
    assert gateway.stats() == {"received": OutboxEvent.objects.count(), "duplicates": 0}
