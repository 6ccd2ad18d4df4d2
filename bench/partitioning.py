"""Filing events and payment events partitioned by month against the plain tables, at the bench's size.

``part_partitioning(rows, args, h)`` (``bench/run.py``'s ``partitioning`` part, PostgreSQL only) copies each
events table twice, as a plain table and as a table partitioned by month of ``at`` (``PARTITION BY RANGE``),
with the same indexes as the real one (``filing_id``/``payment_id``, ``at``, ``(to_status, at)``), then times,
interleaved, the reads the portal makes of them: the report's set of withdrawals and refusals before a period's
end (grouped by filing), one filing's history (200 of them, by filing), a month of events (the rollups' fold
and the reconciliation read by time), the events past an id (the rollups' watermark check), and appending 5,000
events (in a transaction rolled back). The copies are dropped after.
"""

import random
import time

TABLES = {
    "services_filingevent": ("filing_id", "to_status IN ('withdrawn', 'refused')"),
    "payments_paymentevent": ("payment_id", "to_status = 'paid'"),
}


def _months(cursor, table):
    cursor.execute(f"SELECT date_trunc('month', MIN(at)), date_trunc('month', MAX(at)) FROM {table}")
    first, last = cursor.fetchone()
    months = []
    while first <= last:
        following = (first.replace(day=28) + __import__("datetime").timedelta(days=4)).replace(day=1)
        months.append((first, following))
        first = following
    return months


def _copies(cursor, table, key):
    plain, part = f"bench_plain_{table}", f"bench_part_{table}"
    cursor.execute(f"DROP TABLE IF EXISTS {plain}, {part} CASCADE")
    cursor.execute(f"CREATE TABLE {plain} (LIKE {table} INCLUDING DEFAULTS)")
    cursor.execute(f"CREATE TABLE {part} (LIKE {table} INCLUDING DEFAULTS) PARTITION BY RANGE (at)")
    for first, following in _months(cursor, table):
        cursor.execute(f"CREATE TABLE {part}_{first:%Y%m} PARTITION OF {part} FOR VALUES FROM (%s) TO (%s)",
                       [first, following])  # fmt: skip
    cursor.execute(f"CREATE TABLE {part}_rest PARTITION OF {part} DEFAULT")
    for name in (plain, part):
        cursor.execute(f"INSERT INTO {name} SELECT * FROM {table}")
        cursor.execute(f"CREATE INDEX ON {name} (id)")
        cursor.execute(f"CREATE INDEX ON {name} ({key})")
        cursor.execute(f"CREATE INDEX ON {name} (at)")
        cursor.execute(f"CREATE INDEX ON {name} (to_status, at)")
        cursor.execute(f"ANALYZE {name}")
    return plain, part


def part_partitioning(rows, args, h):
    from django.db import connection

    if connection.vendor != "postgresql":
        rows.append(h.Row("partitioning", "", "", "skipped: needs PostgreSQL"))
        return
    h.big_province(args.filings)
    for table, (key, closed) in TABLES.items():
        _measure(rows, args, h, table, key, closed)


def _measure(rows, args, h, table, key, closed):
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        plain, part = _copies(cursor, table, key)
        cursor.execute(f"SELECT count(*), MAX(id) FROM {table}")
        count, max_id = cursor.fetchone()
        cursor.execute(f"SELECT DISTINCT {key} FROM {table} ORDER BY 1 LIMIT 50000")
        keys = [r[0] for r in cursor.fetchall()]
        months = _months(cursor, table)
        print(f"  {table}: {count:,} rows, {len(months)} months, copies in {time.perf_counter() - t0:.0f} s")
    rng = random.Random(12)
    sample = rng.sample(keys, min(200, len(keys)))
    middle = months[len(months) // 2]
    half = months[len(months) // 2 - 3 : len(months) // 2 + 3]
    until = half[-1][1]

    def reads(name):
        def closed_set():
            with connection.cursor() as c:
                c.execute(f"SELECT {key} FROM {name} WHERE {closed} AND at < %s GROUP BY {key}", [until])
                c.fetchall()

        def histories():
            with connection.cursor() as c:
                for k in sample:
                    c.execute(f"SELECT * FROM {name} WHERE {key} = %s ORDER BY at, id", [k])
                    c.fetchall()

        def month():
            with connection.cursor() as c:
                c.execute(f"SELECT {key}, count(*) FROM {name} WHERE at >= %s AND at < %s GROUP BY {key}",
                          list(middle))  # fmt: skip
                c.fetchall()

        def past_id():
            with connection.cursor() as c:
                c.execute(f"SELECT min(at) FROM {name} WHERE id > %s", [max_id - 100])
                c.fetchall()

        def append():
            with transaction.atomic(), connection.cursor() as c:
                c.execute(f"INSERT INTO {name} SELECT * FROM {table} WHERE at >= %s AND at < %s LIMIT 5000",
                          list(middle))  # fmt: skip
                transaction.set_rollback(True)

        return {"the closed set before a period's end": closed_set, f"{len(sample)} histories by filing/payment": histories,
                "one month of events": month, "events past an id (watermark)": past_id,
                "append 5,000 events": append}  # fmt: skip

    plain_reads, part_reads = reads(plain), reads(part)
    for what in plain_reads:
        p, q = h.interleaved([part_reads[what], plain_reads[what]], args.repeat)
        rows.append(h.Row(f"{table}: {what}, partitioned by month", f"{count:,} events, {len(months)} months",
                          "keep if faster", h.ms(p), f"{h.ms(q)} (plain)", f"{p / q:.2f}×",
                          "faster" if p < q * 0.9 else "slower" if p > q * 1.1 else "same"))  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {plain}, {part} CASCADE")
