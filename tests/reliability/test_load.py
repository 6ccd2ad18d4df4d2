"""Eight parallel clients drive 200 filings through every step against gunicorn (2 workers × 4 threads)
on PostgreSQL: no 5xx, and every filing's history is complete and in order (in the database and in the
outbox)."""

import itertools
import json
import os
import threading
import time

import pytest
import requests
from django.conf import settings
from django.test import Client as DjangoClient

from services.models import Filing, FilingEvent, OutboxEvent
from tests.reliability.driver import JOURNEY, STATUS_AFTER, Client, Recorder, run_threads
from tests.reliability.stack import Stack

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.broker]
FILINGS = int(os.environ.get("LOAD_FILINGS", "200"))
CLIENTS = 8
EXPECTED = ["submitted", *(STATUS_AFTER[step] for step, _who, _body in JOURNEY[1:])]


@pytest.fixture
def stack(tmp_path, settings):
    # Wakes go to this run's Redis database (nobody consumes them here: the test is about the web).
    stack = Stack(tmp_path, broker_url=settings.CELERY_BROKER_URL)
    yield stack
    stack.close()
    print("process logs in", tmp_path)


def test_eight_clients_drive_200_filings_through_every_step_with_no_5xx(world, stack):
    stack.start_web(workers=2, threads=4)
    recorder = Recorder()
    numbers = itertools.count()
    lock = threading.Lock()
    codes = []

    def client_loop(i):
        applicant = world.citizens[i % len(world.citizens)]
        people = {"applicant": applicant}
        for key, users in world.officials.items():
            people[key] = users[i % len(users)]
        clients = {key: Client(stack.base, world.token(user), recorder) for key, user in people.items()}
        try:
            while True:
                with lock:
                    if next(numbers) >= FILINGS:
                        return
                code = clients["applicant"].create_filing(world.procedure.id, applicant)
                if code is None:
                    continue
                with lock:
                    codes.append(code)
                for step, who, body in JOURNEY:
                    if clients[who].step(code, step, body) != 200:
                        break
        finally:
            for client in clients.values():
                client.close()

    started = time.monotonic()
    try:
        run_threads(CLIENTS, client_loop, seconds_limit=600)
    finally:
        elapsed = time.monotonic() - started
        print(
            f"load: {FILINGS} filings × {len(JOURNEY)} steps, {CLIENTS} clients, {elapsed:.0f} s: {recorder.summary()}"
        )
        print("median by kind:", recorder.by_kind())

    searched = _queue_search_by_personal_id(stack, world)

    assert recorder.server_errors() == []
    refused = recorder.where(lambda s: s.status != 200 and s.status != 201)
    assert refused == [], [(s.kind, s.status, s.body) for s in refused[:5]]
    assert len(codes) == FILINGS
    filings = Filing.objects.filter(code__in=codes)
    assert filings.filter(status="result_returned").count() == FILINGS
    for filing in filings:
        history = list(
            FilingEvent.objects.filter(filing=filing).order_by("at", "id").values_list("to_status", flat=True)
        )
        assert history == EXPECTED, (filing.code, history)
        sent = [
            e.payload["status"]
            for e in OutboxEvent.objects.filter(key=f"filing:{filing.code}", topic="filing.status").order_by(
                "id"
            )
        ]
        assert sent == EXPECTED, (filing.code, sent)

    _access_log_has_no_personal_id(stack, searched)


def _queue_search_by_personal_id(stack, world):
    """A desk officer (signed in: a session made in the shared database) searches the queue by a personal
    ID; the ID travels in the query string."""
    browser = DjangoClient()
    browser.force_login(world.officials["desk"][0])
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    personal_id = world.citizens[0].personal_id
    response = requests.get(
        f"{stack.base}/officials/queue/",
        params={"q": personal_id},
        cookies={settings.SESSION_COOKIE_NAME: cookie},
        headers={"X-Request-ID": "queue-by-personal-id"},
        timeout=30,
    )
    assert response.status_code == 200 and response.headers["X-Request-ID"] == "queue-by-personal-id"
    return personal_id


def _access_log_has_no_personal_id(stack, personal_id):
    stack.close()  # flush and stop: the whole log is on disk
    log = stack.log("web")
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert len(access) > FILINGS * len(JOURNEY)  # every request has its line
    searched = [line for line in access if line["request_id"] == "queue-by-personal-id"]
    assert len(searched) == 1 and "/officials/queue/?q=************ " in searched[0]["message"]
    assert personal_id not in log
