"""Benchmarks: `make bench` writes bench/results.md.

Measures, side by side in one run (the machine is shared and noisy: compare ratios, not absolutes):
* the working-day calendar (one due date; the cost of reading the admin's overrides each time),
* a filing through every step via the real services (ms per step),
* an official's queue on an agency with many filings: first page, a deep OFFSET page, and the same page
  by keyset (due_date, id), with the `filing_queue_idx` index,
* the reports dashboard's monthly trend over those filings: each month computed alone against one query.

Uses its own scratch database, emptied at the start: `bench/bench.sqlite3`, or the PostgreSQL database named
by BENCH_DATABASE_URL (never DATABASE_URL, so that a bench cannot flush a real database).
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
BENCH_SQLITE = ROOT / "bench" / "bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_SQLITE}")
BENCH_SQLITE.unlink(missing_ok=True)
os.environ.setdefault("NATIONAL_GATEWAY_WAKE_ON_COMMIT", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

N_QUEUE = int(os.environ.get("BENCH_QUEUE_FILINGS", "100000"))
N_FLOW = int(os.environ.get("BENCH_FLOW_FILINGS", "50"))


def progress(label, i, n):
    if n and (i % max(1, n // 20) == 0 or i == n):
        print(f"\r  {label}: {i}/{n} ({100 * i // n}%)", end="" if i < n else "\n", flush=True)


def timed(fn, repeat=5):
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def bench_calendar(rows):
    from services.calendar import WorkingCalendar

    cal = WorkingCalendar()
    start = dt.date(2024, 2, 7)
    n = 2000
    cached = timed(lambda: [cal.add_working_days(start, 30) for _ in range(n)]) / n
    fresh = timed(lambda: [WorkingCalendar().add_working_days(start, 30) for _ in range(200)]) / 200
    rows.append(("calendar: due date, 30 working days (one calendar reused)", f"{cached * 1e6:.1f} µs", ""))
    rows.append(
        (
            "calendar: due date, new calendar each time (reads overrides)",
            f"{fresh * 1e6:.1f} µs",
            f"×{fresh / cached:.1f} of the reused one",
        )
    )


def bench_flow(rows, world):
    from services import services
    from tests.builders import PATHS, new_draft

    durations = []
    path = PATHS["result_returned"]
    for i in range(1, N_FLOW + 1):
        filing = new_draft(world["procedure"], world["applicant"])
        for step, who, kwargs in path:
            t0 = time.perf_counter()
            filing = services.TRANSITIONS[step](filing=filing, actor=world[who], **kwargs)
            durations.append(time.perf_counter() - t0)
        progress("filings through every step", i, N_FLOW)
    rows.append(
        (
            f"one step via services (lock, event, outbox), median of {len(durations)}",
            f"{statistics.median(durations) * 1e3:.2f} ms",
            f"p95 {sorted(durations)[int(len(durations) * 0.95)] * 1e3:.2f} ms",
        )
    )


def seed_queue(world):
    from services.constants import FilingStatus
    from services.models import Filing

    batch, today = [], timezone.now()
    for i in range(1, N_QUEUE + 1):
        batch.append(
            Filing(
                code=f"Q-{i:07d}",
                procedure=world["procedure"],
                agency=world["procedure"].agency,
                applicant_name=f"Người nộp {i}",
                applicant_personal_id="086090000123",
                status=FilingStatus.IN_REVIEW if i % 3 else FilingStatus.RECEIVED,
                submitted_at=today - dt.timedelta(days=i % 365),  # a year of filings for the trend
                received_at=today - dt.timedelta(days=i % 365),
                due_date=dt.date(2025, 1, 1) + dt.timedelta(days=i % 700),
            )
        )
        if len(batch) == 5000:
            Filing.objects.bulk_create(batch)
            batch.clear()
        progress("queue filings", i, N_QUEUE)
    Filing.objects.bulk_create(batch)


def bench_queue(rows, world):
    from services.selectors import official_queue

    seed_queue(world)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queue = official_queue(world["specialist"])
    first = timed(lambda: list(queue[:50]))
    deep_offset = (N_QUEUE // 2 // 50) * 50
    deep = timed(lambda: list(queue[deep_offset : deep_offset + 50]))
    pivot = queue[deep_offset - 1]
    from django.db.models import Q

    keyset = timed(
        lambda: list(
            queue.filter(
                Q(due_date__gt=pivot.due_date)
                | Q(due_date=pivot.due_date, submitted_at__gt=pivot.submitted_at)
                | Q(due_date=pivot.due_date, submitted_at=pivot.submitted_at, id__gt=pivot.id)
            )[:50]
        )
    )
    count = timed(lambda: queue.count())
    rows.append((f"queue, first page of 50 ({N_QUEUE:,} filings in the agency)", f"{first * 1e3:.2f} ms", ""))
    rows.append(
        (
            f"queue, page at offset {deep_offset:,} (OFFSET)",
            f"{deep * 1e3:.2f} ms",
            f"×{deep / first:.1f} of the first page",
        )
    )
    rows.append(
        (
            "queue, same page by keyset (due_date, submitted_at, id)",
            f"{keyset * 1e3:.2f} ms",
            f"×{keyset / first:.1f} of the first page",
        )
    )
    rows.append(("queue, total count for the pager", f"{count * 1e3:.2f} ms", ""))


def bench_trend(rows, world):
    """The dashboard's monthly chart: every metric month by month (the old way) against one query."""
    from portal.reports.metrics import Period, Scope, compute, trend
    from portal.reports.views import CHART_KEYS

    scope = Scope.for_province(world["procedure"].agency.province)
    today = timezone.localdate()
    year = Period(today - dt.timedelta(days=364), today)
    per_month = timed(lambda: [compute(scope, month) for month in year.months()], repeat=3)
    one_query = timed(lambda: trend(scope, year, CHART_KEYS), repeat=3)
    rows.append((f"dashboard trend, 12 months × 3 figures, each month computed ({N_QUEUE:,} filings)",
                 f"{per_month * 1e3:.1f} ms", "3 queries a month"))  # fmt: skip
    rows.append(("dashboard trend, the same in one query", f"{one_query * 1e3:.1f} ms",
                 f"×{per_month / one_query:.1f} faster"))  # fmt: skip


def main():
    from services.constants import Role
    from tests.factories import AgencyFactory, ProcedureFactory, citizen, official

    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    agency = AgencyFactory(code="BENCH-AG")
    world = {
        "procedure": ProcedureFactory(agency=agency),
        "applicant": citizen(int(time.time()) % 99999),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
    }
    rows = []
    bench_calendar(rows)
    bench_flow(rows, world)
    bench_queue(rows, world)
    bench_trend(rows, world)
    out = ROOT / "bench" / "results.md"
    lines = [
        "# Benchmarks",
        "",
        f"`make bench`, {timezone.now():%Y-%m-%d %H:%M} UTC, {connection.vendor}, {os.cpu_count()} cores "
        "(shared machine: read the ratios).",
        "",
        "| what | median | note |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
