"""The embedded default of ``make demo`` (issue 16): the web server and a real Celery worker with beat on
kombu's filesystem broker and SQLite (WAL), started together by honcho from ``Procfile.demo``.

A step signals the worker and answers; it never delivers (with the worker stopped, the event waits,
untried, and the signal waits in the queue folder). Once the worker runs, the status reaches the mock
gateway mounted in the web server ahead of a catalog backlog, which follows batch after batch without a
sweep; one Ctrl-C stops everything; each output line names its process.
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.processes import free_port
from tests.runtime.servers import ROOT, Child, port_open, portal_server, wait_for

pytestmark = pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "honcho").exists(), reason="needs honcho")

WORLD = """
import json
from rest_framework.authtoken.models import Token
from services import services
from services.constants import Role
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official, pdf
agency = AgencyFactory()
procedure = ProcedureFactory(agency=agency)
applicant, desk = citizen(1), official(Role.DESK, agency)
filing = services.create_filing(procedure=procedure, actor=applicant)  # the account is the applicant
for doc in procedure.required_documents.filter(mandatory=True):
    services.attach_document(filing=filing, actor=applicant, uploaded_file=pdf(), required_document=doc)
# A catalog of 120 more online services, queued for publication (no wake: only the step below signals).
ProcedureFactory.create_batch(120, agency=agency, documents=[("Tờ khai", False)])
from django.test.utils import override_settings
from services.sync import publication
with override_settings(NATIONAL_GATEWAY_WAKE_ON_COMMIT=False):
    assert len(publication.sync_catalog(actor=None)["queued"]) == 121
print(json.dumps({"code": filing.code, "applicant": Token.objects.create(user=applicant).key,
                  "desk": Token.objects.create(user=desk).key}))
"""


def _manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _step(base, token, code, step):
    started = time.monotonic()
    response = requests.post(
        f"{base}/api/v1/filings/{code}/{step}/",
        json={},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:500]
    return time.monotonic() - started


def _outbox(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT state, attempts FROM services_outboxevent ORDER BY id").fetchall()


def _gateway_statuses(base, code):
    response = requests.get(
        f"{base}/mock-gateway/api/filings/{code}/",
        headers={"Authorization": "Bearer dev-national-gateway-token"},
        timeout=5,
    )
    if response.status_code != 200:
        return []
    return [h["status"] for h in response.json()["history"] if h["kind"] == "filing_update"]


def test_make_demo_runs_a_real_worker_with_beat_and_stops_with_one_ctrl_c(tmp_path):
    db, queue, port = tmp_path / "demo.sqlite3", tmp_path / "celery", free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "DATABASE_URL": f"sqlite:///{db}",
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_QUEUE_DIR": str(queue),
        "SITE_URL": base,
        "DEMO_PORT": str(port),
        "NATIONAL_GATEWAY_SWEEP_SECONDS": "600",  # no sweep within the test: the signals do it all
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    _manage(env, "migrate", "--noinput", "-v0")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    world = json.loads(_manage(env, "shell", "-c", WORLD).strip().splitlines()[-1])
    code = world["code"]

    # The web server alone: the step answers and commits; nothing is delivered, the signal waits.
    web, _ = portal_server(tmp_path, env, port=port)
    try:
        assert _step(base, world["applicant"], code, "submit") < 1.0
        assert set(_outbox(db)) == {("pending", 0)} and len(_outbox(db)) == 122
        assert list((queue / "queue").iterdir()), "the worker's signal waits in the queue folder"
    finally:
        web.stop()

    # make demo's processes: the worker delivers what waited, then each new step within seconds.
    honcho = Child(
        [str(ROOT / ".venv" / "bin" / "honcho"), "-f", "Procfile.demo", "start"],
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        log_path=tmp_path / "honcho.log",
    )
    try:
        wait_for(lambda: port_open(port), timeout=30, what="the demo's web server")
        wait_for(lambda: _gateway_statuses(base, code) == ["submitted"], timeout=60, what="the first status")
        answered = _step(base, world["desk"], code, "receive")
        assert answered < 3.0  # the worker writes to the same SQLite file meanwhile (2 shared cores)
        started = time.monotonic()
        wait_for(
            lambda: _gateway_statuses(base, code) == ["submitted", "received"], timeout=15, what="receive"
        )
        took = time.monotonic() - started
        # One signal, then the task signals itself after each full batch: the whole catalog goes out.
        wait_for(lambda: set(_outbox(db)) == {("sent", 1)}, timeout=60, what="the catalog's 121 events")
        # One Ctrl-C (SIGINT to the terminal's foreground group) stops everything.
        pids = [int(p) for p in re.findall(r"started \(pid=(\d+)\)", honcho.output())]
        assert len(pids) == 3  # web, worker, beat
        os.killpg(honcho.popen.pid, signal.SIGINT)
        honcho.popen.wait(timeout=30)
    finally:
        honcho.stop()
    output = honcho.output()
    print(
        f"receive answered in {answered:.2f} s, reached the mock gateway {took:.2f} s after, 121 publications pending"
    )
    assert re.search(r"^\S+ web\.1\s+\| ", output, re.M) and re.search(r"^\S+ worker\.1\s+\| ", output, re.M)
    assert "beat: Starting" in output
    assert "database is locked" not in output and "Traceback" not in output
    # No prefork child killed by the terminal's SIGTERM mid-task (the worker runs its tasks in threads). Under
    # load honcho may still SIGKILL a process that takes more than its 5 s grace to stop: not asserted here.
    assert "exited with 'signal" not in output, output[-1500:]
    assert not port_open(port)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert Path(queue / "celerybeat-schedule").exists() or list(queue.glob("celerybeat-schedule*"))
