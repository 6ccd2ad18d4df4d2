"""The request path never blocks on the broker: with the (private) Redis stopped, each step answers
within 1 s and commits; the failed signal is logged, and the outbox row waits for the sweep (issue 16)."""

import time

import pytest
import requests
from rest_framework.authtoken.models import Token

from services.constants import FilingStatus as S
from services.constants import Role
from services.models import Filing, FilingEvent, OutboxEvent
from tests import processes
from tests.builders import new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official
from tests.runtime.servers import portal_server, redis_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
STEPS = [("applicant", "submit"), ("desk", "receive"), ("specialist", "start_review")]


def test_with_the_broker_stopped_each_step_answers_within_a_second_and_commits(tmp_path):
    agency = AgencyFactory()
    procedure = ProcedureFactory(agency=agency)
    people = {
        "applicant": citizen(1),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
    }
    tokens = {k: Token.objects.create(user=u).key for k, u in people.items()}
    drafts = [new_draft(procedure, people["applicant"]).code for _ in range(3)]

    redis, redis_port = redis_server(tmp_path)
    broker = f"redis://127.0.0.1:{redis_port}/0"
    env = {
        "DATABASE_URL": processes.test_database_url(),
        "CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": broker,
        "NATIONAL_GATEWAY_WAKE_ON_COMMIT": "true",
    }
    web, base = portal_server(tmp_path, env)
    try:
        # Broker up: the first step (it also warms the server up: imports, the connection pool) signals.
        _step(base, tokens["applicant"], drafts[0], "submit")
        redis.stop()
        timings = []
        for code in drafts[1:]:
            for who, step in STEPS:
                answer = _step(base, tokens[who], code, step)
                timings.append(answer["elapsed"])
        for who, step in STEPS[1:]:
            timings.append(_step(base, tokens[who], drafts[0], step)["elapsed"])
    finally:
        redis.stop()
        web.stop()
    assert max(timings) < 1.0, timings
    for code in drafts:
        filing = Filing.objects.get(code=code)
        assert filing.status == S.IN_REVIEW
        assert list(FilingEvent.objects.filter(filing=filing).values_list("action", flat=True)) == [
            "submit",
            "receive",
            "start_review",
        ]
        outbox = OutboxEvent.objects.filter(key=f"filing:{code}")
        assert outbox.count() == 3 and not outbox.exclude(state=OutboxEvent.State.PENDING).exists()
    assert web.output().count("could not signal the worker") == len(timings)
    assert "Traceback" not in web.output().split("could not signal")[0]


def _step(base, token, code, step):
    started = time.monotonic()
    response = requests.post(
        f"{base}/api/v1/filings/{code}/{step}/",
        json={},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200, (step, response.status_code, response.text[:500])
    return {**response.json(), "elapsed": elapsed}
