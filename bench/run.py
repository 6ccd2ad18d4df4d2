"""Benchmarks: `make bench` writes bench/results.md (goal / measured / baseline / ratio / met?).

Each figure is compared with a baseline measured in the same run, interleaved (A, B, A, B, ...), medians of
several repetitions: the machine is shared and noisy, so the ratios are what a goal is about.

Parts (``--only`` picks some, comma-separated):

* ``legacy``: the working-day calendar, a filing through every step via the services, an official's queue on an
  agency with ``--queue`` filings (first page, OFFSET page, keyset page), the dashboard's monthly trend;
  written inside a transaction that is rolled back, so the big province stays as it is.
* ``summary``: ``compute()`` of one province over its half-year against ONE hand-written SQL statement
  computing the same counts, on a province of ``--filings`` filings built by the project's seeder
  (``demo.seed.seed_province`` with Bến Tre's plan scaled); the province is kept and reused by later runs.
* ``drilldown``: the records behind a figure on the big province, first page against a middle page by cursor
  (``bench/drilldown.py``; and the same middle page by COUNT + OFFSET, as it was read before).
* ``serviceindex``: the service index of the big province against the report's summary, and its filing counts
  in one grouped pass against per-row ``EXISTS`` probes (``bench/service_index.py``).
* ``queue``, ``submit``, ``outbox`` (issue 12, PostgreSQL only): ``bench/queue_paging.py`` (the queue API's
  keyset pages, 1M vs 10k filings in an agency), ``bench/submit.py`` (create + submit over HTTP on gunicorn,
  16 clients, against a one-INSERT view), ``bench/outbox.py`` (5k events, ``BENCH_OUTBOX_EVENTS`` for the issue's 20k, drained to the mock gateway on
  gunicorn by 1, 2, 4 worker processes, against a plain POST loop; order per filing checked).

* ``rollups``, ``partitioning``, ``seeding`` (``bench/rollups.py``, ``bench/partitioning.py``, ``bench/seeding.py``):
  the reports from the daily rollups; the event tables partitioned by month against plain (measured, not kept:
  at full size only with ``--only partitioning``); the seeder against COPY of the same rows
  (``BENCH_SEEDING_FILINGS``, 200,000 against half of it by default).

Sizes: ``--filings`` (env ``BENCH_FILINGS``, default 1,000,000), ``--queue`` (``BENCH_QUEUE_FILINGS``, 100,000);
``--quick`` uses small sizes (a minute or two) to prove the harness works (``.ci/run``). ``--budget`` seconds
(default 1,680: under 30 minutes with the seeding): a part that would start after it is listed as skipped.

Database: its own, never DATABASE_URL: ``bench/bench.sqlite3`` or the PostgreSQL database named by
``BENCH_DATABASE_URL``.
"""

import argparse
import contextlib
import dataclasses
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: proves the harness (1-2 minutes)")
    parser.add_argument("--filings", type=int, default=None, help="filings of the big province (1,000,000)")
    parser.add_argument(
        "--queue", type=int, default=None, help="filings of the legacy queue agency (100,000)"
    )
    parser.add_argument("--repeat", type=int, default=None, help="repetitions of each timing (median)")
    parser.add_argument("--budget", type=float, default=1680, help="seconds; later parts are skipped")
    parser.add_argument("--only", default="", help="comma-separated parts: legacy,summary")
    parser.add_argument(
        "--out", default=None, help="results file (bench/results.md; quick: results-quick.md)"
    )
    args = parser.parse_args(argv)
    env = os.environ.get
    if args.quick:
        args.filings = args.filings or int(env("BENCH_QUICK_FILINGS", "3000"))
        args.queue = args.queue or 2000
        args.repeat = args.repeat or 3
    args.filings = args.filings or int(env("BENCH_FILINGS", "1000000"))
    args.queue = args.queue or int(env("BENCH_QUEUE_FILINGS", "100000"))
    args.repeat = args.repeat or 5
    args.out = (
        Path(args.out) if args.out else ROOT / "bench" / ("results-quick.md" if args.quick else "results.md")
    )
    args.only = {p for p in args.only.split(",") if p}
    return args


ARGS = parse_args() if __name__ == "__main__" else None

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
BENCH_SQLITE = ROOT / "bench" / "bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_SQLITE}")
os.environ.setdefault("NATIONAL_GATEWAY_WAKE_ON_COMMIT", "false")
os.environ.setdefault("DEMO_INSTALLED", "true")


def ensure_database(url):
    """Create the PostgreSQL bench database if it is missing (a clean clone, CI)."""
    if not url.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import outbox, queue_paging, submit  # noqa: E402  (not "queue": bench/ is on sys.path, it would shadow the stdlib)

START = time.monotonic()


class Bar:
    """A progress bar on one terminal line: ``[#####.....]  45% label 450/1,000``."""

    def __init__(self, label, total, width=30):
        self.label, self.total, self.width, self.last = label, max(1, total), width, -1

    def __call__(self, done):
        pct = min(100, 100 * done // self.total)
        if pct == self.last and done < self.total:
            return
        self.last = pct
        filled = self.width * pct // 100
        end = "\n" if done >= self.total else ""
        elapsed = time.monotonic() - START
        print(f"\r  [{'#' * filled}{'.' * (self.width - filled)}] {pct:3d}% {self.label} {done:,}/{self.total:,}"
              f"  ({elapsed:.0f} s)", end=end, flush=True)  # fmt: skip


def progress(label, i, n):
    """The old callback shape (label, done, total), kept for the seeders."""
    bars = progress.__dict__.setdefault("bars", {})
    if label not in bars:
        bars[label] = Bar(label, n)
    bars[label](i)


def timed(fn, repeat=5):
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def interleaved(fns, repeat):
    """The median time of each of ``fns``, run in turn ``repeat`` times (the same noise for all)."""
    samples = [[] for _ in fns]
    for _ in range(repeat):
        for fn, own in zip(fns, samples, strict=True):
            t0 = time.perf_counter()
            fn()
            own.append(time.perf_counter() - t0)
    return [statistics.median(own) for own in samples]


def ms(seconds):
    return f"{seconds * 1e3:,.1f} ms" if seconds >= 0.01 else f"{seconds * 1e3:.2f} ms"


@dataclasses.dataclass
class Row:
    what: str
    size: str = ""
    goal: str = ""
    measured: str = ""
    baseline: str = ""
    ratio: str = ""
    met: str = ""

    def cells(self):
        return [self.what, self.size, self.goal, self.measured, self.baseline, self.ratio, self.met]


def goal_row(what, size, goal_ratio, measured, baseline, baseline_label):
    ratio = measured / baseline if baseline else float("inf")
    return Row(what, size, f"≤ {goal_ratio}× {baseline_label}", ms(measured), ms(baseline), f"{ratio:.2f}×",
               "yes" if ratio <= goal_ratio else "**no**")  # fmt: skip


# --- legacy rows: calendar, one step, queue, trend --------------------------------------------------------
def bench_calendar(rows, world):
    from services.calendar import WorkingCalendar

    cal = WorkingCalendar()
    start = dt.date(2024, 2, 7)
    n = 2000
    cached = timed(lambda: [cal.add_working_days(start, 30) for _ in range(n)]) / n
    fresh = timed(lambda: [WorkingCalendar().add_working_days(start, 30) for _ in range(200)]) / 200
    rows.append(
        Row("calendar: due date, 30 working days (one calendar reused)", measured=f"{cached * 1e6:.1f} µs")
    )
    rows.append(Row("calendar: due date, new calendar each time (reads overrides)", measured=f"{fresh * 1e6:.1f} µs",
                    baseline=f"{cached * 1e6:.1f} µs (reused)", ratio=f"{fresh / cached:.1f}×"))  # fmt: skip


def bench_flow(rows, world):
    from services import services
    from tests.builders import PATHS, new_draft

    durations = []
    path = PATHS["result_returned"]
    n = 10 if ARGS.quick else 50
    bar = Bar("filings through every step", n)
    for i in range(1, n + 1):
        filing = new_draft(world["procedure"], world["applicant"])
        for step, who, kwargs in path:
            t0 = time.perf_counter()
            filing = services.TRANSITIONS[step](filing=filing, actor=world[who], **kwargs)
            durations.append(time.perf_counter() - t0)
        bar(i)
    rows.append(Row(f"one step via services (lock, event, outbox), median of {len(durations)}",
                    measured=ms(statistics.median(durations)),
                    baseline=f"p95 {ms(sorted(durations)[int(len(durations) * 0.95)])}"))  # fmt: skip


def seed_queue(world, n):
    from services.constants import FilingStatus
    from services.models import Filing

    batch, today = [], timezone.now()
    bar = Bar("queue filings", n)
    for i in range(1, n + 1):
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
        bar(i)
    Filing.objects.bulk_create(batch)


def bench_queue(rows, world):
    from django.db.models import Q

    from services.selectors import official_queue

    n = ARGS.queue
    seed_queue(world, n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queue = official_queue(world["specialist"])
    first = timed(lambda: list(queue[:50]))
    deep_offset = (n // 2 // 50) * 50
    deep = timed(lambda: list(queue[deep_offset : deep_offset + 50]))
    pivot = queue[deep_offset - 1]
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
    size = f"{n:,} filings in the agency"
    rows.append(Row("queue, first page of 50", size, measured=ms(first)))
    rows.append(Row(f"queue, page at offset {deep_offset:,} (OFFSET)", size, measured=ms(deep),
                    baseline=f"{ms(first)} (first page)", ratio=f"{deep / first:.1f}×"))  # fmt: skip
    rows.append(Row("queue, same page by keyset (due_date, submitted_at, id)", size, measured=ms(keyset),
                    baseline=f"{ms(first)} (first page)", ratio=f"{keyset / first:.1f}×"))  # fmt: skip
    rows.append(Row("queue, total count for the pager", size, measured=ms(count)))


def bench_trend(rows, world):
    """The dashboard's monthly chart: every metric month by month (the old way) against one query."""
    from portal.reports.metrics import Period, Scope, compute, trend
    from portal.reports.views import CHART_KEYS

    scope = Scope.for_province(world["procedure"].agency.province)
    today = timezone.localdate()
    year = Period(today - dt.timedelta(days=364), today)
    per_month = timed(lambda: [compute(scope, month) for month in year.months()], repeat=3)
    one_query = timed(lambda: trend(scope, year, CHART_KEYS), repeat=3)
    rows.append(Row("dashboard trend, 12 months × 3 figures, each month computed", f"{ARGS.queue:,} filings",
                    measured=ms(per_month)))  # fmt: skip
    rows.append(Row("dashboard trend, the same in one query", f"{ARGS.queue:,} filings", measured=ms(one_query),
                    baseline=f"{ms(per_month)} (each month)", ratio=f"{one_query / per_month:.2f}×"))  # fmt: skip


def part_legacy(rows):
    """Written in a transaction rolled back at the end: the scratch rows never stay."""
    from services.constants import Role
    from tests.factories import AgencyFactory, ProcedureFactory, citizen, official

    with transaction.atomic():
        agency = AgencyFactory(code="BENCH-AG")
        world = {
            "procedure": ProcedureFactory(agency=agency),
            "applicant": citizen(int(time.time()) % 99999),
            "desk": official(Role.DESK, agency),
            "specialist": official(Role.SPECIALIST, agency),
            "leader": official(Role.LEADER, agency),
        }
        for bench in (bench_calendar, bench_flow, bench_queue, bench_trend):
            bench(rows, world)
        transaction.set_rollback(True)


# --- the big province -------------------------------------------------------------------------------------
def big_plan(n):
    """Bến Tre's plan (catalog, groups, half-year) with its filings scaled to ``n`` in all."""
    from portal.reports.articles import BEN_TRE

    total = sum(BEN_TRE.filings.values())
    filings = {group: max(1, round(count * n / total)) for group, count in BEN_TRE.filings.items()}
    return dataclasses.replace(BEN_TRE, slug=f"bench-{n}", code=f"9{n % 97:02d}", name=f"Bench {n:,}",
                               filings=filings)  # fmt: skip


def big_province(n):
    """The province of ``n`` filings, seeded by the project's seeder unless a previous run left it."""
    from demo.seed import seed_province
    from services.models import Province
    from services.roles import ensure_role_groups

    plan = big_plan(n)
    province = Province.objects.filter(slug=plan.slug).first()
    if province is None:
        ensure_role_groups()
        t0 = time.perf_counter()
        seed_province(plan, progress)
        seconds = time.perf_counter() - t0
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  seeded {n:,} filings in {seconds:.0f} s")
        SEEDED[n] = seconds
        province = Province.objects.get(slug=plan.slug)
    else:
        print(f"  reusing {plan.name} (already in the database)")
    return plan, province


SEEDED = {}  # filings -> seconds, when this run seeded the big province


def part_seed(rows):
    big_province(ARGS.filings)
    if ARGS.filings in SEEDED:
        seconds = SEEDED[ARGS.filings]
        rows.append(Row("the big province seeded by the project's seeder (`seed_province`, then ANALYZE)",
                        f"{ARGS.filings:,} filings", measured=f"{seconds:,.0f} s",
                        baseline=f"{ARGS.filings / seconds:,.0f} filings/s"))  # fmt: skip


def part_summary(rows):
    from bench import baseline
    from portal.reports.metrics import Period, Scope, compute
    from tests.reports.test_metrics_one_pass import oracle_compute

    plan, province = big_province(ARGS.filings)
    scope, period = Scope.for_province(province), Period(plan.start, plan.end)
    ours = compute(scope, period)
    theirs = baseline.summary_counts(province.pk, period)
    differ = {k: (_figure(ours, k), v) for k, v in theirs.items() if _figure(ours, k) != v}
    if differ:
        raise SystemExit(f"compute() and the hand-written statement disagree (ours, theirs): {differ}")
    a, b, c = interleaved([lambda: compute(scope, period), lambda: baseline.summary_counts(province.pk, period),
                           lambda: oracle_compute(scope, period)], ARGS.repeat)  # fmt: skip
    size = f"{ARGS.filings:,} filings"
    rows.append(goal_row("report summary, every key, one province, half-year (`compute()`)", size, 1.3, a, b,
                         "one hand-written statement"))  # fmt: skip
    rows.append(Row("report summary, the definition before (per-row `Exists` probes)", size, measured=ms(c),
                    baseline=ms(b), ratio=f"{c / b:.2f}×"))  # fmt: skip


def part_dashboard(rows):
    """``/reports/`` for a superuser (the page: tiles, trend, split by level and by agency) against the baseline
    statements computing the same figures (summary statement, one grouped statement, the trend statement)."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench import baseline
    from portal.reports.metrics import Period
    from services.models import User

    with contextlib.suppress(RuntimeError):  # another part of this run set it up already
        setup_test_environment()
    plan, province = big_province(ARGS.filings)
    period = Period(plan.start, plan.end)
    user = User.objects.filter(username="bench-staff").first() or User.objects.create_superuser(
        "bench-staff", "bench@example.invalid", None
    )
    client = Client()
    client.force_login(user)
    url = f"/reports/?province={province.slug}&from={plan.start}&to={plan.end}"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    page()
    a, b = interleaved([page, lambda: baseline.dashboard(province.pk, period)], ARGS.repeat)
    rows.append(goal_row("`/reports/` dashboard, staff, every split and the trend", f"{ARGS.filings:,} filings", 2,
                         a, b, "the baseline statements"))  # fmt: skip


def part_export(rows):
    """Peak RSS of a process exporting the records behind a figure: one month against the half-year."""
    import json
    import subprocess

    plan, province = big_province(ARGS.filings)
    key = "electronic_filings"
    month_end = (plan.start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    week_end = plan.start + dt.timedelta(days=6)

    def run(fmt, end):
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "export_rss.py"), province.slug, key,
                              str(plan.start), str(end), fmt], capture_output=True, text=True, check=True)  # fmt: skip
        return json.loads(out.stdout.strip().splitlines()[-1])

    for fmt, small_end, large_end in (("csv", month_end, plan.end), ("xlsx", week_end, month_end)):
        bar = Bar(f"{fmt} exports", 2)
        small = run(fmt, small_end)
        bar(1)
        large = run(fmt, large_end)
        bar(2)
        ratio = large["rss_kb"] / small["rss_kb"]
        what = f"{fmt.upper()} export of the records behind a figure, streamed: peak RSS"
        size = (f"{large['lines'] - 1:,} vs {small['lines'] - 1:,} rows" if fmt == "csv"
                else f"{(large_end - plan.start).days + 1} vs {(small_end - plan.start).days + 1} days of filings")  # fmt: skip
        rows.append(Row(what, size, "≤ 1.2× (flat in the rows)", f"{large['rss_kb'] / 1024:,.0f} MB "
                        f"({large['seconds']:,.0f} s)", f"{small['rss_kb'] / 1024:,.0f} MB ({small['seconds']:,.0f} s)",
                        f"{ratio:.2f}×", "yes" if ratio <= 1.2 else "**no**"))  # fmt: skip


def _figure(figures, key):
    """A count in ``compute()``'s output: a figure, or a rate's numerator or denominator."""
    from portal.reports.metrics import RATES

    if key in figures and key not in RATES:
        return figures[key]
    for rate_key, (num, den) in RATES.items():
        if key in (num, den):
            return figures["fractions"][rate_key]["numerator" if key == num else "denominator"]
    return None


PARTS = {
    "seed": part_seed,
    "legacy": part_legacy,
    "summary": part_summary,
    "dashboard": part_dashboard,
    "export": part_export,
    "drilldown": lambda rows: __import__("bench.drilldown").drilldown.part_drilldown(
        rows, ARGS, sys.modules[__name__]
    ),
    "serviceindex": lambda rows: __import__("bench.service_index").service_index.part_service_index(
        rows, ARGS, sys.modules[__name__]
    ),
    "rollups": lambda rows: __import__("bench.rollups").rollups.part_rollups(
        rows, ARGS, sys.modules[__name__]
    ),
    "partitioning": lambda rows: __import__("bench.partitioning").partitioning.part_partitioning(
        rows, ARGS, sys.modules[__name__]
    ),
    "seeding": lambda rows: __import__("bench.seeding").seeding.part_seeding(rows, ARGS, Row),
    "queue": lambda rows: queue_paging.part(rows, ARGS, Row, Bar),
    "submit": lambda rows: submit.part(rows, ARGS, Row, Bar),
    "outbox": lambda rows: outbox.part(rows, ARGS, Row, Bar),
}


# Run by --quick (the harness) and at full size only when named in --only: the partitioning of the event tables was measured and not kept (docs/scaling.md);
# at 1M it copies 6M events twice (~10 minutes here), which the 30-minute budget of `make bench` cannot spare.
ON_REQUEST = {"partitioning"}


def write(rows, skipped):
    lines = [
        "# Benchmarks",
        "",
        f"`make bench{' --quick' if ARGS.quick else ''}`, {timezone.now():%Y-%m-%d %H:%M} UTC, {connection.vendor}, "
        f"{os.cpu_count()} cores (shared machine: read the ratios; each ratio is measured in the same run, "
        f"interleaved, medians of {ARGS.repeat}). Total {time.monotonic() - START:.0f} s.",
        "",
        "| what | size | goal | measured | baseline | ratio | met? |",
        "|---|---|---|---|---|---|---|",
        *["| " + " | ".join(row.cells()) + " |" for row in rows],
        "",
    ]
    if skipped:
        lines += [f"Skipped (time budget of {ARGS.budget:.0f} s spent): {', '.join(skipped)}.", ""]
    ARGS.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"written to {ARGS.out}")


def signing_keys():
    """A province-wide demo signing key under var/ (gitignored), as the tests make one: the step flow ends
    with return_result, which signs the electronic result."""
    from django.conf import settings

    from documents import pki

    directory = ROOT / "var" / "bench-pki"
    ca_cert, ca_key, _created = pki.ensure_demo_ca(directory)
    pki.issue_demo_certificate(
        directory / "province", ca_cert, ca_key, common_name="UBND tỉnh (bench)", organization="UBND tỉnh"
    )
    settings.SIGNING_PKI_DIR = directory
    settings.SIGNING_KEY_FILE = str(directory / "province" / "key.pem")
    settings.SIGNING_CERT_FILE = str(directory / "province" / "cert.pem")


def main():
    from django.test.utils import override_settings

    # The parts measure the raw computation unless they say otherwise (bench/rollups.py turns the rollups on
    # for its own rows): a database reused from an earlier run keeps its folded rollups.
    override_settings(REPORT_ROLLUPS=False).enable()
    if connection.vendor == "sqlite" and ARGS.quick:
        connection.close()
        BENCH_SQLITE.unlink(missing_ok=True)
    print(f"database: {connection.vendor}; sizes: {ARGS.filings:,} filings, queue {ARGS.queue:,}")
    call_command("migrate", verbosity=0)
    signing_keys()
    rows, skipped = [], []
    for name, part in PARTS.items():
        if (ARGS.only and name not in ARGS.only) or (not ARGS.only and not ARGS.quick and name in ON_REQUEST):
            continue
        if time.monotonic() - START > ARGS.budget:
            skipped.append(name)
            continue
        print(f"== {name}")
        part(rows)
    write(rows, skipped)


if __name__ == "__main__":
    main()
