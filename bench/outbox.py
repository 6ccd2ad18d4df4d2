"""Outbox delivery end to end: 5,000 filing-status events by default (20,000 with BENCH_OUTBOX_EVENTS; filings × 10, interleaved) drained to the
mock national gateway served by gunicorn (``config/gunicorn.conf.py``, 2 processes × 4 threads, the mock's
URL conf only), by 1, 2 and 4 worker processes (each ``services.sync.delivery.deliver_due`` in a loop, as the
Celery task runs it). The baseline: the same payloads posted straight to the same mock by one plain loop
(a ``requests`` session, no outbox). Goal: 1 worker ≥ 0.6 × the plain loop. After each drain the mock's
receipts are checked: every event once, and per filing in the order of the outbox.

Run as ``python bench/outbox.py worker`` it is one such worker process (the bench starts them).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EACH = 10  # events per filing: KEYS = events / EACH


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _mock_gateway(port):
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.gateway_settings",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        MOCK_GATEWAY_MOUNTED="true",
    )
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "bench-mock-gateway.log", "w")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        import requests

        deadline = time.monotonic() + 120
        while True:  # answered by a loaded app, not only an open socket
            try:
                if (
                    requests.get(
                        f"http://127.0.0.1:{port}/mock-gateway/api/control/stats/", timeout=30
                    ).status_code
                    < 500
                ):
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the mock gateway did not start, see {log.name}")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/mock-gateway/"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _payload(run, seq, n):
    keys = max(1, n // EACH)
    code = f"BO-{run}-{seq % keys:05d}"
    return code, {"filing_code": code, "status": "submitted", "at": "2026-01-01T00:00:00+07:00",
                  "action": "submit", "reason": str(seq // keys)}  # fmt: skip


def _enqueue(run, n):
    """``n`` pending events, ``EACH`` per filing (n / EACH filings), interleaved by id."""
    from services.models import OutboxEvent

    rows = []
    for seq in range(n):
        code, payload = _payload(run, seq, n)
        rows.append(OutboxEvent(topic="filing.status", key=f"filing:{code}", payload=payload))
    OutboxEvent.objects.bulk_create(rows, batch_size=5000)


def _check(run, n):
    """Every event of ``run`` received once, and each filing's in the outbox's order."""
    from mocks.gateway.models import Receipt

    got = {}
    for ref, reason in (
        Receipt.objects.filter(ref__startswith=f"BO-{run}-")
        .order_by("id")
        .values_list("ref", "payload__reason")
    ):
        got.setdefault(ref, []).append(int(reason))
    received = sum(len(v) for v in got.values())
    if received != n:
        raise SystemExit(f"outbox run {run}: the mock received {received} events, not {n}")
    for ref, seqs in got.items():
        if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
            raise SystemExit(f"outbox run {run}: {ref} received out of order: {seqs}")


def _drain(url, run, workers):
    """Seconds from the first claim to the last acknowledgement of ``run``'s events (the workers' start-up,
    Django's import, is not the outbox's cost), read from the events' own timestamps."""
    from django.db.models import Max, Min

    from services.models import OutboxEvent

    env = {**os.environ, "NATIONAL_GATEWAY_URL": url}
    env.pop("CELERY_BROKER_URL", None)
    procs = [subprocess.Popen([sys.executable, str(ROOT / "bench" / "outbox.py"), "worker"], cwd=ROOT, env=env)
             for _ in range(workers)]  # fmt: skip
    for p in procs:
        if p.wait() != 0:
            raise SystemExit("an outbox worker failed")
    span = OutboxEvent.objects.filter(key__startswith=f"filing:BO-{run}-").aggregate(
        first=Min("last_attempt_at"), last=Max("sent_at")
    )
    return (span["last"] - span["first"]).total_seconds()


def _plain_loop(url, run, n):
    import requests
    from django.conf import settings

    session = requests.Session()
    headers = {"Authorization": f"Bearer {settings.NATIONAL_GATEWAY_TOKEN}"}
    t0 = time.perf_counter()
    for seq in range(n):
        code, payload = _payload(run, seq, n)
        answer = session.post(f"{url}api/filings/{code}/updates/", json={"topic": "filing.status", **payload},
                              headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, timeout=10)  # fmt: skip
        answer.raise_for_status()
    return time.perf_counter() - t0


def part(rows, args, row_cls, bar_cls):
    from django.db import connection

    from services.models import OutboxEvent

    if connection.vendor != "postgresql":
        rows.append(row_cls("outbox delivery end to end", "", "", "skipped: PostgreSQL only"))
        return
    # 5,000 by default: the four drains of 20,000 (BENCH_OUTBOX_EVENTS=20000, the size) took ~25 minutes
    # here, the whole of `make bench`'s budget
    n = 300 if args.quick else int(os.environ.get("BENCH_OUTBOX_EVENTS", "5000"))
    stale = OutboxEvent.objects.filter(state=OutboxEvent.State.PENDING).count()
    if stale:
        print(f"  {stale:,} pending outbox events left in the bench database: marked sent first")
        OutboxEvent.objects.filter(state=OutboxEvent.State.PENDING).update(state=OutboxEvent.State.SENT)
    stamp = f"{int(time.time())}"
    bar = bar_cls("outbox drains (plain loop, 1, 2, 4 workers)", 4)
    rates = {}
    with _mock_gateway(_free_port()) as url:
        _plain_loop(url, f"{stamp}w", 50)  # warm the mock's processes
        base = n / _plain_loop(url, f"{stamp}p", n)
        _check(f"{stamp}p", n)
        bar(1)
        for i, workers in enumerate((1, 2, 4)):
            run = f"{stamp}{workers}"
            _enqueue(run, n)
            rates[workers] = n / _drain(url, run, workers)
            _check(run, n)
            bar(i + 2)
    ratio = rates[1] / base
    size = f"{n:,} events, {n // EACH:,} filings"
    rows.append(row_cls("outbox drain to the mock gateway (gunicorn), 1 worker process", size,
                        "≥ 0.6× the plain POST loop", f"{rates[1]:,.0f} events/s", f"{base:,.0f} events/s",
                        f"{ratio:.2f}", "yes" if ratio >= 0.6 else "**no**"))  # fmt: skip
    for workers in (2, 4):
        rows.append(row_cls(f"outbox drain, {workers} worker processes (order per filing checked)", size, "",
                            f"{rates[workers]:,.0f} events/s", f"{rates[1]:,.0f} events/s (1 worker)",
                            f"{rates[workers] / rates[1]:.2f}×"))  # fmt: skip


def worker():
    """One worker process: deliver what is due until nothing is claimable."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    import django

    django.setup()
    from services.sync.delivery import deliver_due

    idle = 0
    while idle < 2:
        tally = deliver_due(max_events=500)
        if tally["retry"] or tally["dead"]:
            raise SystemExit(f"delivery failed: {tally}")
        idle = idle + 1 if not tally["sent"] else 0
        if idle:
            time.sleep(0.1)  # another worker's lease may hold the next event of a filing


if __name__ == "__main__" and sys.argv[1:] == ["worker"]:
    worker()
