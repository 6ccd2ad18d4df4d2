"""The submit path over HTTP on the production server: 16 clients, each a citizen with a token, create a draft
(``POST /api/v1/filings/``) and submit it (``POST /api/v1/filings/{code}/submit/``) against gunicorn with
``config/gunicorn.conf.py`` (its defaults: 2 processes × 4 threads, the psycopg pool), DEBUG off, on the
bench database. The baseline: the same 16 clients posting to a view of the bench's own that does one INSERT
(``bench/urls.py``), same server, same settings, same middleware. Rounds interleaved (A, B, A, B); the
goal is pairs/s ≥ 0.25 × baseline requests/s, p99 ≤ 4 × p50 of a pair, and no error.

Settings that differ from production, said here: the API's per-user throttle is raised (16 clients submit
far faster than a person), the access log is off, tasks run in-process and nothing is sent to a gateway.
"""

import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 16


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _world():
    """16 citizens with API tokens and an online procedure without mandatory documents, made once."""
    from rest_framework.authtoken.models import Token

    from services.constants import Role
    from services.models import Agency, User
    from tests.factories import AgencyFactory, ProcedureFactory, UserFactory

    agency = Agency.objects.filter(code="BS-AG").first() or AgencyFactory(code="BS-AG")
    procedure = agency.procedures.first() or ProcedureFactory(agency=agency, documents=[("Ảnh", False)])
    tokens = []
    for i in range(CLIENTS):
        user = User.objects.filter(username=f"bench-submit-{i}").first() or UserFactory(
            username=f"bench-submit-{i}", roles=[Role.CITIZEN], personal_id=f"0860999{i:05d}"
        )
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_one_insert (id bigserial PRIMARY KEY, body text)")
    return procedure, tokens


@contextlib.contextmanager
def _gunicorn(port, province):
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        DEBUG="false",
        API_THROTTLE_USER="1000000/min",
        NATIONAL_GATEWAY_WAKE_ON_COMMIT="false",
        LOG_LEVEL="WARNING",
        PORTAL_PROVINCE=province.slug,  # as in production: a citizen files the portal's own procedures
    )
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start, see {log.name}")
            time.sleep(0.3)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


class _Client:
    """One keep-alive connection; ``post`` returns (status, body, seconds)."""

    def __init__(self, port, token):
        self.port, self.token, self.conn = port, token, None

    def post(self, path, body):
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Token {self.token}"}
        for attempt in (1, 2):  # the server may close an idle keep-alive connection: reconnect once
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request("POST", path, data, headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _round(port, tokens, per_client, work):
    """``per_client`` units of ``work(client)`` in each of 16 threads: (units/s, latencies, errors)."""
    latencies, errors, lock = [], [], threading.Lock()

    def run(i):
        client = _Client(port, tokens[i])
        for _ in range(per_client):
            t0 = time.perf_counter()
            try:
                ok = work(client)
            except Exception as exc:  # counted, reported in the row
                ok = repr(exc)
            with lock:
                latencies.append(time.perf_counter() - t0)
                if ok is not True:
                    errors.append(ok)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return CLIENTS * per_client / (time.perf_counter() - t0), latencies, errors


def part(rows, args, row_cls, bar_cls):
    if connection.vendor != "postgresql":
        rows.append(row_cls("create draft + submit over HTTP", "", "", "skipped: PostgreSQL only"))
        return
    procedure, tokens = _world()
    (ROOT / "var").mkdir(exist_ok=True)
    pairs_each = 3 if args.quick else int(os.environ.get("BENCH_SUBMIT_PAIRS", "25"))  # per client a round
    inserts_each = 2 * pairs_each
    rounds = 2

    def pair(client):
        status, body = client.post("/api/v1/filings/", {"procedure": procedure.pk})
        if status != 201:
            return f"create {status}"
        code = json.loads(body)["code"]
        status, body = client.post(f"/api/v1/filings/{code}/submit/", {})
        return True if status == 200 and json.loads(body)["status"] == "submitted" else f"submit {status}"

    def insert(client):
        status, _ = client.post("/bench/one-insert/", {"x": 1})
        return True if status == 201 else f"insert {status}"

    port = _free_port()
    ours, theirs, latencies, errors = [], [], [], []
    bar = bar_cls("submit path rounds (pairs, one-INSERT)", 2 * rounds)
    with _gunicorn(port, procedure.province):
        _round(port, tokens, 1, insert)  # warm every process and thread
        _round(port, tokens, 1, pair)
        for r in range(rounds):
            rate, lat, err = _round(port, tokens, pairs_each, pair)
            ours.append(rate)
            latencies += lat
            errors += err
            bar(2 * r + 1)
            rate, _lat, err = _round(port, tokens, inserts_each, insert)
            theirs.append(rate)
            errors += err
            bar(2 * r + 2)
    a, b = statistics.median(ours), statistics.median(theirs)
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    ratio = a / b
    met = ratio >= 0.25 and p99 <= 4 * p50 and not errors
    rows.append(row_cls(
        f"create draft + submit over HTTP, {CLIENTS} clients, gunicorn (config/gunicorn.conf.py)",
        f"{len(latencies):,} pairs", "≥ 0.25× one-INSERT view; p99 ≤ 4× p50; 0 errors",
        f"{a:,.1f} pairs/s, p50 {p50 * 1e3:,.0f} ms, p99 {p99 * 1e3:,.0f} ms ({p99 / p50:.1f}×), "
        f"{len(errors)} errors", f"{b:,.1f} req/s (one INSERT)", f"{ratio:.2f}",
        "yes" if met else "**no**",
    ))  # fmt: skip
    if errors:
        print(f"  submit errors (first 5): {errors[:5]}")
