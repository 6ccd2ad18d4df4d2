"""The fold of the report rollups (portal/reports/rollups.py): the cells of some closed days recomputed from the records.

:func:`fold` deletes the cells of the days [first, last] and writes them again: ``ReportDaily`` per local day ×
procedure × agency, ``ReportDailyPaid`` per first-online-payment day × submission day × procedure × agency; then
the months those days touch are summed again into ``ReportMonthly`` / ``ReportMonthlyPaid`` (what a report over
whole months reads). On PostgreSQL the days are one ``INSERT ... SELECT ... GROUP BY`` each (the overdue days of a
filing from ``generate_series``), so the first fold of a province's history is a few scans of its tables; elsewhere
(SQLite, ``make test``) a Python loop over the same facts gives the same cells (tests/reports/test_rollups.py
compares both with the raw report, and the two folds with each other).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from payments.constants import PaymentChannel
from payments.models import Payment
from services.constants import FilingStatus, Timeliness
from services.models import Agency, Filing, FilingEvent

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = dt.timedelta(days=1)
CLOSED = (FilingStatus.WITHDRAWN, FilingStatus.REFUSED)
ELECTRONIC = ("online", "national_gateway")
COUNTS = (
    "filed",
    "electronic",
    "fee_filed",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "overdue",
)
RESOLVED = {Timeliness.EARLY: "resolved_early", Timeliness.ON_TIME: "resolved_on_time",
            Timeliness.LATE: "resolved_late"}  # fmt: skip


def _models():
    from portal.models import ReportDaily, ReportDailyPaid, ReportMonthly, ReportMonthlyPaid

    return ReportDaily, ReportDailyPaid, ReportMonthly, ReportMonthlyPaid


def since(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL)


def month_of(day):
    return day.replace(day=1)


def _aware(value):
    """A datetime from the raw cursor (SQLite gives text in UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def local_day(value):
    return None if value is None else timezone.localtime(_aware(value), LOCAL).date()


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def param(value):
    ops = connection.ops
    if isinstance(value, dt.datetime):
        return ops.adapt_datetimefield_value(value)
    return ops.adapt_datefield_value(value)


def tables():
    from portal.models import ReportDaily, ReportDailyPaid, ReportMonthly, ReportMonthlyPaid

    qn = connection.ops.quote_name
    models = (
        Filing,
        FilingEvent,
        Payment,
        Agency,
        ReportDaily,
        ReportDailyPaid,
        ReportMonthly,
        ReportMonthlyPaid,
    )
    return {m.__name__: qn(m._meta.db_table) for m in models}


def _quoted(values):
    return ", ".join(f"'{v}'" for v in values)


def fold(first, last):
    """Recompute the cells of the days [first, last] (and of the months they touch); returns the daily cells
    written."""
    ReportDaily, ReportDailyPaid, _monthly, _monthly_paid = _models()
    ReportDaily.objects.filter(day__range=(first, last)).delete()
    ReportDailyPaid.objects.filter(paid_day__range=(first, last)).delete()
    cells = fold_sql(first, last) if connection.vendor == "postgresql" else fold_python(first, last)
    roll_months(month_of(first), month_of(last))
    return cells


# --- PostgreSQL: one statement per table ------------------------------------------------------------------
def _params(first, last):
    return {"since": since(first), "until": since(last + DAY), "first": first, "last": last, "tz": str(LOCAL)}


def fold_sql(first, last):
    """The days' cells by ``INSERT ... SELECT``: submitted and decided rows grouped by their local day, and each
    filing open past its due date expanded to its overdue days [max(received, due + 1), min(decided, closed) - 1]
    (the rule of metrics.FILING_SQL["overdue_open"] at each day's end)."""
    t = tables()
    day = "(({}) AT TIME ZONE %(tz)s)::date"
    resolved = ", ".join(f"CASE WHEN f.timeliness = '{value}' THEN 1 ELSE 0 END" for value in RESOLVED)
    daily = f"""WITH closed AS (
  SELECT filing_id, MIN(at) AS first_closed FROM {t["FilingEvent"]} WHERE to_status IN ({_quoted(CLOSED)})
  GROUP BY filing_id),
facts (day, procedure_id, agency_id, filed, electronic, fee_filed, resolved_early, resolved_on_time,
       resolved_late, overdue) AS (
  SELECT {day.format("f.submitted_at")}, f.procedure_id, f.agency_id, 1,
         CASE WHEN f.channel IN ({_quoted(ELECTRONIC)}) THEN 1 ELSE 0 END, CASE WHEN f.fee > 0 THEN 1 ELSE 0 END,
         0, 0, 0, 0
  FROM {t["Filing"]} f WHERE f.submitted_at >= %(since)s AND f.submitted_at < %(until)s
  UNION ALL
  SELECT {day.format("f.decided_at")}, f.procedure_id, f.agency_id, 0, 0, 0, {resolved}, 0
  FROM {t["Filing"]} f WHERE f.decided_at >= %(since)s AND f.decided_at < %(until)s
    AND f.timeliness IN ({_quoted(RESOLVED)})
  UNION ALL
  SELECT span.lo + n, f.procedure_id, f.agency_id, 0, 0, 0, 0, 0, 0, 1
  FROM {t["Filing"]} f LEFT JOIN closed c ON c.filing_id = f.id
  CROSS JOIN LATERAL (SELECT
      GREATEST({day.format("f.received_at")}, f.due_date + 1, %(first)s::date) AS lo,
      LEAST(COALESCE({day.format("f.decided_at")} - 1, %(last)s::date),
            COALESCE({day.format("c.first_closed")} - 1, %(last)s::date), %(last)s::date) AS hi) span
  CROSS JOIN LATERAL generate_series(0, span.hi - span.lo) n
  WHERE f.received_at < %(until)s AND f.due_date < %(last)s AND (f.decided_at IS NULL OR f.decided_at >= %(since)s)
    AND (c.first_closed IS NULL OR c.first_closed >= %(since)s))
INSERT INTO {t["ReportDaily"]} (day, procedure_id, agency_id, {", ".join(COUNTS)})
SELECT day, procedure_id, agency_id, {", ".join(f"SUM({c})" for c in COUNTS)}
FROM facts GROUP BY day, procedure_id, agency_id"""
    online = f"channel = '{PaymentChannel.ONLINE}' AND paid_at IS NOT NULL"
    paid = f"""INSERT INTO {t["ReportDailyPaid"]} (paid_day, day, procedure_id, agency_id, filed, fee_filed)
SELECT {day.format("pay.first_paid")}, {day.format("f.submitted_at")}, f.procedure_id, f.agency_id, COUNT(*),
       SUM(CASE WHEN f.fee > 0 THEN 1 ELSE 0 END)
FROM (SELECT filing_id, MIN(paid_at) AS first_paid FROM {t["Payment"]} WHERE {online} AND filing_id IN
        (SELECT filing_id FROM {t["Payment"]} WHERE {online} AND paid_at >= %(since)s AND paid_at < %(until)s)
      GROUP BY filing_id) pay
JOIN {t["Filing"]} f ON f.id = pay.filing_id
WHERE pay.first_paid >= %(since)s AND pay.first_paid < %(until)s
GROUP BY 1, 2, f.procedure_id, f.agency_id"""
    params = _params(first, last)
    with connection.cursor() as cursor:
        # for this transaction (refresh's): the planner guesses a thousand days per generate_series and would
        # spend seconds compiling the statement (JIT) and spill its aggregate to disk for groups that are not there
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(daily, params)
        cells = cursor.rowcount
        cursor.execute(paid, params)
        return cells + cursor.rowcount


# --- elsewhere: the same facts folded in Python -------------------------------------------------------------
def _facts(first, last):
    """Every filing with something on a day of [first, last]: submitted, decided, first paid online, or open past
    its due date at some day's end. One query; rows are (procedure, agency, channel, fee, submitted, decided,
    timeliness, received, due, first online payment, first withdrawal/refusal)."""
    t = tables()
    sql = f"""SELECT f.procedure_id, f.agency_id, f.channel, f.fee, f.submitted_at, f.decided_at, f.timeliness,
       f.received_at, f.due_date, pay.first_paid, cl.first_closed
FROM {t["Filing"]} f
LEFT JOIN (SELECT filing_id, MIN(paid_at) AS first_paid FROM {t["Payment"]}
           WHERE channel = '{PaymentChannel.ONLINE}' AND paid_at IS NOT NULL GROUP BY filing_id) pay
       ON pay.filing_id = f.id
LEFT JOIN (SELECT filing_id, MIN(at) AS first_closed FROM {t["FilingEvent"]} WHERE to_status IN ({_quoted(CLOSED)})
           GROUP BY filing_id) cl ON cl.filing_id = f.id
WHERE (f.submitted_at >= %(since)s AND f.submitted_at < %(until)s)
   OR (f.decided_at >= %(since)s AND f.decided_at < %(until)s)
   OR (pay.first_paid >= %(since)s AND pay.first_paid < %(until)s)
   OR (f.received_at < %(until)s AND f.due_date < %(last)s AND (f.decided_at IS NULL OR f.decided_at >= %(since)s)
       AND (cl.first_closed IS NULL OR cl.first_closed >= %(since)s))"""
    params = {"since": param(since(first)), "until": param(since(last + DAY)), "last": param(last)}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def fold_python(first, last):
    """The days' cells by a loop over :func:`_facts` (the same rules as :func:`fold_sql`)."""
    ReportDaily, ReportDailyPaid, _monthly, _monthly_paid = _models()
    daily, paid = {}, {}

    def cell(day, pid, aid):
        return daily.setdefault((day, pid, aid), dict.fromkeys(COUNTS, 0))

    for (
        pid,
        aid,
        channel,
        fee,
        submitted,
        decided,
        timeliness,
        received,
        due,
        first_paid,
        first_closed,
    ) in _facts(first, last):
        has_fee = (fee or 0) > 0
        sub_day, dec_day = local_day(submitted), local_day(decided)
        if sub_day is not None and first <= sub_day <= last:
            c = cell(sub_day, pid, aid)
            c["filed"] += 1
            c["electronic"] += channel in ELECTRONIC
            c["fee_filed"] += has_fee
        if dec_day is not None and first <= dec_day <= last and timeliness in RESOLVED:
            cell(dec_day, pid, aid)[RESOLVED[timeliness]] += 1
        pay_day = local_day(first_paid)
        if pay_day is not None and first <= pay_day <= last:
            p = paid.setdefault((pay_day, sub_day, pid, aid), [0, 0])
            p[0] += 1
            p[1] += has_fee
        # open past its due date at the end of day e: received by e, due before e, neither decided nor
        # withdrawn/refused by e
        due = _date(due)
        if received is not None and due is not None:
            stops = [d for d in (dec_day, local_day(first_closed)) if d is not None]
            day = max(local_day(received), due + DAY, first)
            stop = min(min(stops) - DAY if stops else last, last)
            while day <= stop:
                cell(day, pid, aid)["overdue"] += 1
                day += DAY
    ReportDaily.objects.bulk_create(
        (ReportDaily(day=d, procedure_id=p, agency_id=a, **c) for (d, p, a), c in daily.items()),
        batch_size=2000,
    )
    ReportDailyPaid.objects.bulk_create(
        (ReportDailyPaid(paid_day=pd, day=d, procedure_id=p, agency_id=a, filed=n, fee_filed=fee)
         for (pd, d, p, a), (n, fee) in paid.items()),
        batch_size=2000,
    )  # fmt: skip
    return len(daily) + len(paid)


# --- the months -----------------------------------------------------------------------------------------------
def _month_sql(column):
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    if connection.vendor == "sqlite":
        return f"date({column}, 'start of month')"
    # the settings accept only these two (config/settings.py reads DATABASE_URL): another is a misconfiguration
    raise ImproperlyConfigured(f"report rollups run on PostgreSQL or SQLite, not {connection.vendor}")


MONTH_COUNTS = COUNTS[:-1]  # overdue is a state at a day's end: not summed over days


def roll_months(first_month, last_month):
    """Sum the daily cells of the months [first_month, last_month] into the monthly ones (delete + insert)."""
    _daily, _paid, ReportMonthly, ReportMonthlyPaid = _models()
    t = tables()
    end = (last_month + dt.timedelta(days=32)).replace(day=1) - DAY
    ReportMonthly.objects.filter(month__range=(first_month, last_month)).delete()
    ReportMonthlyPaid.objects.filter(paid_month__range=(first_month, last_month)).delete()
    sums = ", ".join(f"SUM({c})" for c in MONTH_COUNTS)
    params = [param(first_month), param(end)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {t["ReportMonthly"]} (month, procedure_id, agency_id, {", ".join(MONTH_COUNTS)})
SELECT {_month_sql("day")}, procedure_id, agency_id, {sums} FROM {t["ReportDaily"]}
WHERE day >= %s AND day <= %s GROUP BY 1, procedure_id, agency_id
HAVING {" OR ".join(f"SUM({c}) > 0" for c in MONTH_COUNTS)}""",
            params,
        )
        cursor.execute(
            f"""INSERT INTO {t["ReportMonthlyPaid"]} (paid_month, month, procedure_id, agency_id, filed, fee_filed)
SELECT {_month_sql("paid_day")}, {_month_sql("day")}, procedure_id, agency_id, SUM(filed), SUM(fee_filed)
FROM {t["ReportDailyPaid"]} WHERE paid_day >= %s AND paid_day <= %s GROUP BY 1, 2, procedure_id, agency_id""",
            params,
        )
