"""Seeding a province by the project's seeder against PostgreSQL COPY of the same rows, and its peak memory.

``part_seeding(rows, args)`` (``bench/run.py``'s ``seeding`` part) runs, for a small and a large size, a child
process (``python bench/seeding.py N``) on a scratch database made from an empty migrated template (so the big
province of the other parts is left alone): the child seeds ``big_plan(N)`` with ``demo.seed.seed_province``,
reads its own peak RSS (``resource``), then writes the rows it seeded (filings, their events, payments, payment
events, apology slips) to files with ``COPY ... TO`` and times ``COPY ... FROM`` those files into tables made
``LIKE`` the real ones (indexes included): the baseline is the database loading the same rows with no Python.
The scratch databases are dropped after.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("services_filing", "services_filingevent", "payments_payment", "payments_paymentevent",
          "services_apologyslip")  # fmt: skip


def _admin_url(url, name="postgres"):
    return url.rsplit("/", 1)[0] + "/" + name


def _template(url):
    """An empty, migrated database to copy scratch databases from (made once, kept)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0] + "_seedtpl"
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    if not exists:
        env = {**os.environ, "DATABASE_URL": _admin_url(url, name), "DEMO_INSTALLED": "true"}
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"], env=env,
                       check=True, cwd=ROOT)  # fmt: skip
    return name


def measure(url, n):
    """Seed ``n`` filings in a scratch database in a child process: {seconds, rss_kb, copy_seconds, rows}."""
    import psycopg
    from psycopg import sql

    template = _template(url)
    scratch = f"{template}_{n}"
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(scratch),
                                                                     sql.Identifier(template)))  # fmt: skip
    try:
        env = {
            **os.environ,
            "DATABASE_URL": _admin_url(url, scratch),
            "BENCH_DATABASE_URL": _admin_url(url, scratch),
            "DEMO_INSTALLED": "true",
        }
        out = subprocess.run([sys.executable, str(Path(__file__)), str(n)], env=env, cwd=ROOT, check=True,
                             capture_output=True, text=True)  # fmt: skip
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(_admin_url(url), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))


def part_seeding(rows, args, row_class):
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        rows.append(
            row_class("seeding against COPY", "", "", "skipped: needs PostgreSQL (BENCH_DATABASE_URL)")
        )
        return
    # 100k against 200k by default (each seeded twice: by the seeder and by COPY; at 1M the part alone takes
    # ~20 minutes here): BENCH_SEEDING_FILINGS=1000000 measures the goal's size.
    large = int(os.environ.get("BENCH_SEEDING_FILINGS", "200000"))
    small_n, large_n = (1_000, 5_000) if args.quick else (min(100_000, large // 2), large)
    small = measure(url, small_n)
    print(f"  seeded {small_n:,}: {small}")
    large = measure(url, large_n)
    print(f"  seeded {large_n:,}: {large}")
    ratio = large["seconds"] / large["copy_seconds"]
    rows.append(row_class(
        "seeding a province (`seed_province`, COPY in chunks) against COPY of the same rows from files",
        f"{large_n:,} filings, {large['rows']:,} rows", "≤ 3× COPY", f"{large['seconds']:,.1f} s",
        f"{large['copy_seconds']:,.1f} s (COPY)", f"{ratio:.2f}×", "yes" if ratio <= 3 else "**no**"))  # fmt: skip
    rss = large["rss_kb"] / small["rss_kb"]
    rows.append(row_class(
        "seeding a province: peak RSS of the seeding process", f"{large_n:,} vs {small_n:,} filings",
        "≤ 1.2× (flat in the size)", f"{large['rss_kb'] / 1024:,.0f} MB", f"{small['rss_kb'] / 1024:,.0f} MB",
        f"{rss:.2f}×", "yes" if rss <= 1.2 else "**no**"))  # fmt: skip


def child(n):
    import resource

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.run import big_plan
    from demo.seed import seed_province
    from services.roles import ensure_role_groups

    ensure_role_groups()
    t0 = time.perf_counter()
    seed_province(big_plan(n))
    seconds = time.perf_counter() - t0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    raw = connection.connection  # the psycopg connection under Django's
    total = 0
    with tempfile.TemporaryDirectory(prefix="bench-seed-") as tmp:
        for table in TABLES:
            with (
                open(Path(tmp) / table, "wb") as out,
                raw.cursor() as cur,
                cur.copy(f"COPY {table} TO STDOUT") as copy,
            ):
                for block in copy:
                    out.write(block)
            raw.execute(f"CREATE TABLE copy_{table} (LIKE {table} INCLUDING ALL)")
        raw.commit()
        t0 = time.perf_counter()
        with raw.cursor() as cur:
            for table in TABLES:
                with open(Path(tmp) / table, "rb") as src, cur.copy(f"COPY copy_{table} FROM STDIN") as copy:
                    while block := src.read(1 << 20):
                        copy.write(block)
                total += cur.rowcount if cur.rowcount > 0 else 0
        raw.commit()
        copy_seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "rss_kb": rss_kb, "copy_seconds": copy_seconds, "rows": total}))


if __name__ == "__main__":
    child(int(sys.argv[1]))
