"""The index's filing counts in one pass over the scope's filings, joined once to grouped sets (as the report's
``portal.reports.metrics.FILING_SQL``): each filing row ``f`` meets, by ``LEFT JOIN``, the first time (before the
period's end) it was withdrawn or refused (``closed``), got a document and a reused one (``doc``), was paid online
(``pay``) and was rated dissatisfied (``dis``). A per-row ``EXISTS`` probe of those tables was an index scan per
filing, four times over (seconds on a province's half-year); a grouped set is read once and hash-joined.

Each count is a SQL condition on that row, the same rule as ``serviceindex.compute.filing_conditions`` (the
querysets of the records behind an indicator); tests/serviceindex/test_indicators.py checks on random records that
the counts, the records behind them and an independent count agree. Because the sets keep the *first* time, one
pass answers several periods at once (the monthly trend): "a document uploaded before the month's end" is "the
first document before it". Rows come per group (agency, province or none) and procedure: the catalog's "has a
filing filed online / paid online" flags are read from the same pass.
"""

import re

from django.db import transaction
from django.db.models import F

from payments.constants import PaymentChannel
from payments.models import Payment
from portal.reports import replica
from portal.reports.metrics import ELECTRONIC_CHANNELS
from services.constants import DocumentOrigin, FilingStatus, Rating, Timeliness
from services.models import FilingDocument, FilingEvent, SatisfactionRating


def _quoted(values):
    return ", ".join(f"'{v}'" for v in values)


_FRAGMENTS = {
    "received": "f.received_at >= {since} AND f.received_at < {until}",
    "submitted": "f.submitted_at >= {since} AND f.submitted_at < {until}",
    "results": "f.result_returned_at >= {since} AND f.result_returned_at < {until}",
    "open_at_end": "(f.decided_at IS NULL OR f.decided_at >= {until})",
    # withdrawn and refused are final: only a filing in one now may have got there by the period's end
    "handled": "f.received_at < {until} AND (f.decided_at IS NULL OR f.decided_at >= {since})"
    f" AND NOT (f.status IN ({_quoted([FilingStatus.WITHDRAWN, FilingStatus.REFUSED])})"
    " AND closed.at IS NOT NULL AND closed.at < {until})",
    "in_time": f"f.timeliness IN ({_quoted([Timeliness.EARLY, Timeliness.ON_TIME])})",
    "electronic": f"f.channel IN ({_quoted(ELECTRONIC_CHANNELS)})",
    # never NULL (false without a row), so that NOT keeps the rows without one
    "has_document": "(doc.at IS NOT NULL AND doc.at < {until})",
    "has_reused": "(doc.reused_at IS NOT NULL AND doc.reused_at < {until})",
    "paid_online": "(pay.at IS NOT NULL AND pay.at < {until})",
    "dissatisfied": "(dis.at IS NOT NULL AND dis.at < {until})",
}

# The counts of serviceindex.indicators (the FILING kind), then the per-procedure flags of the catalog's counts.
COUNTS = {
    "received": "{received}",
    "received_synced": "{received} AND f.sync_complete_at < {until}",
    "handled": "{handled}",
    "in_time": "{handled} AND ((f.decided_at < {until} AND {in_time})"
    " OR ({open_at_end} AND (f.due_date IS NULL OR f.due_date >= {end})))",
    "results": "{results}",
    "results_electronic": "{results} AND f.result_electronic = TRUE",
    "digitised": "{received} AND {has_document}"
    " AND (f.result_returned_at IS NULL OR f.result_returned_at >= {until} OR f.result_electronic = TRUE)",
    "reused": "{received} AND {has_reused}",
    "online_received": "{received} AND {electronic}",
    "fee_filings": "{submitted} AND f.fee > 0",
    "fee_filings_paid_online": "{submitted} AND f.fee > 0 AND {paid_online}",
    "results_not_dissatisfied": "{results} AND NOT {dissatisfied}",
    # per procedure: filed online in the period (online_services_used), filed in it and paid online by its end
    "filed_online": "{received} AND {electronic}",
    "filed_paid_online": "{submitted} AND {paid_online}",
}
FLAGS = ("filed_online", "filed_paid_online")
FILING_KEYS = [k for k in COUNTS if k not in FLAGS]
_BOUNDS = re.compile(r"\{(since|until|end)\}")
_COLUMNS = ("id", "procedure_id", "agency_id", "status", "channel", "fee", "timeliness", "due_date",
            "received_at", "submitted_at", "decided_at", "result_returned_at", "result_electronic",
            "sync_complete_at")  # fmt: skip


def _condition(key, bounds, params):
    """The SQL of one count for one period, its bounds appended to ``params`` in the order they appear."""
    rule = COUNTS[key].format(**_FRAGMENTS, since="{since}", until="{until}", end="{end}")
    params.extend(bounds[m.group(1)] for m in _BOUNDS.finditer(rule))
    return _BOUNDS.sub("%s", rule)


def _sets(until, params):
    """The grouped sets, each bounded by the last period's end."""
    events, documents = FilingEvent._meta.db_table, FilingDocument._meta.db_table
    payments, ratings = Payment._meta.db_table, SatisfactionRating._meta.db_table
    closed = _quoted([FilingStatus.WITHDRAWN, FilingStatus.REFUSED])
    params.extend([until] * 4)
    return f"""
LEFT JOIN (SELECT filing_id, MIN(at) AS at FROM {events}
           WHERE to_status IN ({closed}) AND at < %s GROUP BY filing_id) closed ON closed.filing_id = f.id
LEFT JOIN (SELECT filing_id, MIN(uploaded_at) AS at,
                  MIN(CASE WHEN origin = '{DocumentOrigin.REUSED}' THEN uploaded_at END) AS reused_at
           FROM {documents} WHERE uploaded_at < %s GROUP BY filing_id) doc ON doc.filing_id = f.id
LEFT JOIN (SELECT filing_id, MIN(paid_at) AS at FROM {payments}
           WHERE channel = '{PaymentChannel.ONLINE}' AND paid_at < %s GROUP BY filing_id) pay ON pay.filing_id = f.id
LEFT JOIN (SELECT filing_id, MIN(created_at) AS at FROM {ratings}
           WHERE value = '{Rating.DISSATISFIED}' AND created_at < %s GROUP BY filing_id) dis ON dis.filing_id = f.id"""


def counts(scope, periods, group_field=None):
    """``[(group, procedure_id, [{key: n} for each period])]``: the scope's filings (``Scope.filings``, the one
    rule of what a scope holds) counted per ``group_field`` (an ORM path, e.g. ``agency__province_id``; None: one
    group, None) and procedure, for every period in one statement, on the report's database (the replica when
    one is set and this is a report read)."""
    periods = list(periods)
    connection = replica.connection()
    ops = connection.ops
    filings = scope.filings().order_by()
    filings = (
        filings.values(*_COLUMNS, index_group=F(group_field)) if group_field else filings.values(*_COLUMNS)
    )
    inner, inner_params = filings.query.get_compiler(connection=connection).as_sql()
    params, columns = [], []
    for i, period in enumerate(periods):
        bounds = {"since": ops.adapt_datetimefield_value(period.since),
                  "until": ops.adapt_datetimefield_value(period.until), "end": ops.adapt_datefield_value(period.end)}  # fmt: skip
        columns += [
            f"SUM(CASE WHEN {_condition(key, bounds, params)} THEN 1 ELSE 0 END) AS m{i}_{key}"
            for key in COUNTS
        ]
    group = "f.index_group" if group_field else "NULL"
    join_params = []
    joins = _sets(ops.adapt_datetimefield_value(max(p.until for p in periods)), join_params)
    sql = (f"SELECT {group}, f.procedure_id, {', '.join(columns)} FROM ({inner}) f {joins} "
           f"GROUP BY {'f.index_group, ' if group_field else ''}f.procedure_id")  # fmt: skip
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the many CASE columns (14 a period) cost the JIT compiler more than the pass itself: 24 s of
            # compiling against 16 s of executing for a 6-month trend over 1M filings (EXPLAIN ANALYZE)
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, [*params, *inner_params, *join_params])
        rows = cursor.fetchall()
    width = len(COUNTS)

    def per_period(row):
        values = [v or 0 for v in row[2:]]
        return [
            dict(zip(COUNTS, values[i * width : (i + 1) * width], strict=True)) for i in range(len(periods))
        ]

    return [(row[0], row[1], per_period(row)) for row in rows]
