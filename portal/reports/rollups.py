"""Daily rollups of the filing figures: a report over closed days reads a few thousand rows instead of every filing.

What is kept (``portal.models``): :class:`ReportDaily`, per local day × procedure × agency, the filings submitted
that day (all, electronic, with a fee), decided that day (early, on time, late) and open past their due date at
the day's end; :class:`ReportDailyPaid`, the filings whose first online payment was paid that day, by the day
they were submitted. Days are Asia/Ho_Chi_Minh dates, as the report's periods.

Who keeps them: :func:`refresh` (Celery beat task ``portal.tasks.refresh_report_rollups``), in one transaction
holding the lock on the :class:`RollupState` row (a second run at the same time skips): it folds each day that
has closed (local midnight + ``REPORT_ROLLUP_GRACE_MINUTES``) since its watermark, and refolds from the earliest
day a new filing or payment event (id past the watermark) is dated, so history written late (the seeder, an event
committed after midnight) is counted. Each fold recomputes its days' cells from the records (delete + insert):
running it twice changes nothing.

Who reads them: :func:`filings_by_procedure`, the rows ``metrics.compute_all`` sums, in the same shape as the raw
``metrics.filings_by_procedure``: the days up to the watermark from the rollups, the rest of the period (today)
from the records, with the same rules. ``REPORT_ROLLUPS`` (default on) turns it off; without a watermark, or with
events not folded yet dated on or before it, the raw computation answers. The catalog and hotline figures are
computed as before. tests/reports/test_rollups.py compares both on random histories.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from payments.constants import PaymentChannel
from payments.models import Payment, PaymentEvent
from services.constants import FilingStatus, Timeliness
from services.models import Agency, Filing, FilingEvent

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
STATE = "reports"
FOLD_DAYS = 92  # days folded per query (bounds the memory of one fold)
CLOSED = (FilingStatus.WITHDRAWN, FilingStatus.REFUSED)
ELECTRONIC = ("online", "national_gateway")
DAY = dt.timedelta(days=1)


def _models():
    from portal.models import ReportDaily, ReportDailyPaid, RollupState

    return ReportDaily, ReportDailyPaid, RollupState


def since(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL)


def _local_day(value):
    return None if value is None else timezone.localtime(_aware(value), LOCAL).date()


def _aware(value):
    """A datetime from the raw cursor (SQLite gives text in UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _param(value):
    ops = connection.ops
    if isinstance(value, dt.datetime):
        return ops.adapt_datetimefield_value(value)
    return ops.adapt_datefield_value(value)


def _tables():
    qn = connection.ops.quote_name
    return {m.__name__: qn(m._meta.db_table) for m in (Filing, FilingEvent, Payment, Agency)}


# --- the fold -----------------------------------------------------------------------------------------------
def _facts(first, last):
    """Every filing with something on a day of [first, last]: submitted, decided, first paid online, or open past
    its due date at some day's end. One query; rows are (procedure, agency, channel, fee, submitted, decided,
    timeliness, received, due, first online payment, first withdrawal/refusal)."""
    t = _tables()
    closed = ", ".join(f"'{s}'" for s in CLOSED)
    sql = f"""SELECT f.procedure_id, f.agency_id, f.channel, f.fee, f.submitted_at, f.decided_at, f.timeliness,
       f.received_at, f.due_date, pay.first_paid, cl.first_closed
FROM {t["Filing"]} f
LEFT JOIN (SELECT filing_id, MIN(paid_at) AS first_paid FROM {t["Payment"]}
           WHERE channel = '{PaymentChannel.ONLINE}' AND paid_at IS NOT NULL GROUP BY filing_id) pay
       ON pay.filing_id = f.id
LEFT JOIN (SELECT filing_id, MIN(at) AS first_closed FROM {t["FilingEvent"]} WHERE to_status IN ({closed})
           GROUP BY filing_id) cl ON cl.filing_id = f.id
WHERE (f.submitted_at >= %(since)s AND f.submitted_at < %(until)s)
   OR (f.decided_at >= %(since)s AND f.decided_at < %(until)s)
   OR (pay.first_paid >= %(since)s AND pay.first_paid < %(until)s)
   OR (f.received_at < %(until)s AND f.due_date < %(last)s AND (f.decided_at IS NULL OR f.decided_at >= %(since)s)
       AND (cl.first_closed IS NULL OR cl.first_closed >= %(since)s))"""
    params = {
        "since": _param(since(first)),
        "until": _param(since(last + DAY)),
        "last": _param(last),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def _fold(first, last):
    """Recompute the cells of the days [first, last] from the records (delete, then insert)."""
    ReportDaily, ReportDailyPaid, _state = _models()
    daily, paid = {}, {}

    def cell(day, pid, aid):
        key = (day, pid, aid)
        if key not in daily:
            daily[key] = dict.fromkeys(
                ("filed", "electronic", "fee_filed", "resolved_early", "resolved_on_time", "resolved_late",
                 "overdue"), 0)  # fmt: skip
        return daily[key]

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
        has_fee = Decimal(str(fee or 0)) > 0
        sub_day, dec_day = _local_day(submitted), _local_day(decided)
        if sub_day is not None and first <= sub_day <= last:
            c = cell(sub_day, pid, aid)
            c["filed"] += 1
            c["electronic"] += channel in ELECTRONIC
            c["fee_filed"] += has_fee
        if dec_day is not None and first <= dec_day <= last and timeliness:
            c = cell(dec_day, pid, aid)
            key = {Timeliness.EARLY: "resolved_early", Timeliness.ON_TIME: "resolved_on_time"}.get(
                timeliness, "resolved_late" if timeliness == Timeliness.LATE else None
            )
            if key:
                c[key] += 1
        pay_day = _local_day(first_paid)
        if pay_day is not None and first <= pay_day <= last:
            p = paid.setdefault((pay_day, sub_day, pid, aid), [0, 0])
            p[0] += 1
            p[1] += has_fee
        # open past its due date at the end of day e: received by e, due before e, neither decided nor
        # withdrawn/refused by e (the rule of metrics.FILING_SQL["overdue_open"] with the period ending on e)
        due = _date(due)
        if received is not None and due is not None:
            stops = [d for d in (dec_day, _local_day(first_closed)) if d is not None]
            start = max(_local_day(received), due + DAY, first)
            stop = min(min(stops) - DAY if stops else last, last)
            day = start
            while day <= stop:
                cell(day, pid, aid)["overdue"] += 1
                day += DAY
    ReportDaily.objects.filter(day__range=(first, last)).delete()
    ReportDailyPaid.objects.filter(paid_day__range=(first, last)).delete()
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


def closed_until(now=None):
    """The last local day that has closed (midnight plus the grace for transactions still committing)."""
    grace = dt.timedelta(minutes=getattr(settings, "REPORT_ROLLUP_GRACE_MINUTES", 15))
    return (timezone.localtime(now or timezone.now(), LOCAL) - grace).date() - DAY


def refresh(today=None):
    """Fold every day closed since the watermark (and refold from the day of any event dated before it).
    Returns a dict of what was done; {"skipped": "busy"} when another run holds the lock."""
    _daily, _paid, RollupState = _models()
    target = (today - DAY) if today else closed_until()
    with transaction.atomic():
        RollupState.objects.get_or_create(name=STATE)
        qs = RollupState.objects.filter(name=STATE)
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        state = qs.first()
        if state is None:
            return {"skipped": "busy"}
        fe_max = FilingEvent.objects.aggregate(m=Max("pk"))["m"] or 0
        pe_max = PaymentEvent.objects.aggregate(m=Max("pk"))["m"] or 0
        if state.last_day is None:
            earliest = [
                Filing.objects.aggregate(a=Min("submitted_at"), b=Min("received_at"), c=Min("decided_at")),
                Payment.objects.filter(channel=PaymentChannel.ONLINE).aggregate(a=Min("paid_at")),
            ]
            days = [_local_day(v) for row in earliest for v in row.values() if v is not None]
            first = min(days) if days else target + DAY
        else:
            first = state.last_day + DAY
            late = [
                FilingEvent.objects.filter(pk__gt=state.last_filing_event_id, pk__lte=fe_max).aggregate(
                    m=Min("at")
                ),
                PaymentEvent.objects.filter(pk__gt=state.last_payment_event_id, pk__lte=pe_max).aggregate(
                    m=Min("at")
                ),
            ]
            for row in late:
                if row["m"] is not None:
                    first = min(first, _local_day(row["m"]))
        first = min(first, target + DAY)
        cells, day = 0, first
        while day <= target:
            last = min(day + dt.timedelta(days=FOLD_DAYS - 1), target)
            cells += _fold(day, last)
            day = last + DAY
        state.last_day = max(target, state.last_day) if state.last_day else target
        state.last_filing_event_id, state.last_payment_event_id = fe_max, pe_max
        state.updated_at = timezone.now()
        state.save()
    return {"from": first, "to": target, "cells": cells}


# --- the read ---------------------------------------------------------------------------------------------
def enabled():
    return getattr(settings, "REPORT_ROLLUPS", True)


def watermark():
    """The last folded day when the rollups are usable (nothing dated on or before it left unfolded), else None."""
    _daily, _paid, RollupState = _models()
    state = RollupState.objects.filter(name=STATE).first()
    if state is None or state.last_day is None:
        return None
    until = since(state.last_day + DAY)
    if FilingEvent.objects.filter(pk__gt=state.last_filing_event_id, at__lt=until).exists():
        return None
    if PaymentEvent.objects.filter(pk__gt=state.last_payment_event_id, at__lt=until).exists():
        return None
    return state.last_day


def _scoped(qs, scope):
    if scope.province_id is not None:
        qs = qs.filter(agency__province_id=scope.province_id)
    return qs.filter(agency_id__in=scope.agency_ids) if scope.agency_ids else qs


def filings_by_procedure(scope, period, last_day=None):
    """``[(procedure_id, agency_id, {key: count})]`` as ``metrics.filings_by_procedure``, from the rollups up to
    the watermark and from the records after it; None when the rollups cannot answer (the caller computes raw)."""
    from portal.reports.metrics import FILING_SQL

    w = last_day or watermark()
    if w is None or period.start > w:
        return None
    ReportDaily, ReportDailyPaid, _state = _models()
    rolled_end = min(period.end, w)
    rows = {}

    def into(pid, aid):
        return rows.setdefault((pid, aid), dict.fromkeys(FILING_SQL, 0))

    daily = (
        _scoped(ReportDaily.objects.filter(day__range=(period.start, rolled_end)), scope)
        .order_by()
        .values("procedure_id", "agency_id")
        .annotate(
            filed=Sum("filed"), electronic=Sum("electronic"), fee_filed=Sum("fee_filed"),
            early=Sum("resolved_early"), on_time=Sum("resolved_on_time"), late=Sum("resolved_late"),
            overdue=Sum("overdue", filter=Q(day=period.end)),
        )
    )  # fmt: skip
    for r in daily:
        c = into(r["procedure_id"], r["agency_id"])
        c["filed"] += r["filed"]
        c["electronic_filings"] += r["electronic"]
        c["fee_filings_total"] += r["fee_filed"]
        c["resolved_early"] += r["early"]
        c["resolved_on_time"] += r["on_time"]
        c["resolved_late"] += r["late"]
        c["resolved_total"] += r["early"] + r["on_time"] + r["late"]
        c["overdue_open"] += r["overdue"] or 0
    paid = (
        _scoped(
            ReportDailyPaid.objects.filter(paid_day__lte=rolled_end, day__range=(period.start, period.end)),
            scope,
        )
        .order_by()
        .values("procedure_id", "agency_id")
        .annotate(filed=Sum("filed"), fee_filed=Sum("fee_filed"))
    )
    for r in paid:
        c = into(r["procedure_id"], r["agency_id"])
        c["filed_paid_online"] += r["filed"]
        c["online_paid_filings"] += r["fee_filed"]
    if period.end > w:
        for pid, aid, counts in _tail(scope, period, w):
            c = into(pid, aid)
            for key, value in counts.items():
                c[key] += value
    return [(pid, aid, counts) for (pid, aid), counts in rows.items()]


def _tail(scope, period, w):
    """The part of the period after the watermark, from the records: what was submitted or decided after it,
    paid online for the first time after it, and the filings overdue at the period's end (the same rules as
    ``metrics.FILING_SQL``). Reads only the rows of those days (indexes on the timestamps)."""
    t = _tables()
    closed = ", ".join(f"'{s}'" for s in CLOSED)
    electronic = ", ".join(f"'{c}'" for c in ELECTRONIC)
    where, params = [], {}
    if scope.province_id is not None:
        where.append(f"f.agency_id IN (SELECT id FROM {t['Agency']} WHERE province_id = %(province)s)")
        params["province"] = scope.province_id
    if scope.agency_ids:
        where.append(f"f.agency_id IN ({', '.join(str(int(pk)) for pk in scope.agency_ids)})")
    received = "f.submitted_at >= %(tail)s AND f.submitted_at < %(until)s"
    decided = "f.decided_at >= %(tail)s AND f.decided_at < %(until)s AND f.timeliness <> ''"
    paid = ("f.submitted_at >= %(since)s AND f.submitted_at < %(until)s AND pay.first_paid >= %(tail)s"
            " AND pay.first_paid < %(until)s")  # fmt: skip
    overdue = (
        "f.received_at < %(until)s AND f.due_date < %(end)s AND (f.decided_at IS NULL OR f.decided_at >= %(until)s)"
        f" AND NOT EXISTS (SELECT 1 FROM {t['FilingEvent']} e WHERE e.filing_id = f.id AND e.to_status IN ({closed})"
        " AND e.at < %(until)s)"
    )
    rules = {
        "electronic_filings": f"{received} AND f.channel IN ({electronic})",
        "fee_filings_total": f"{received} AND f.fee > 0",
        "online_paid_filings": f"{paid} AND f.fee > 0",
        "resolved_total": decided,
        "resolved_early": f"{decided} AND f.timeliness = '{Timeliness.EARLY}'",
        "resolved_on_time": f"{decided} AND f.timeliness = '{Timeliness.ON_TIME}'",
        "resolved_late": f"{decided} AND f.timeliness = '{Timeliness.LATE}'",
        "overdue_open": overdue,
        "filed": received,
        "filed_paid_online": paid,
    }
    counts = ",\n  ".join(f"SUM(CASE WHEN {rule} THEN 1 ELSE 0 END) AS {key}" for key, rule in rules.items())
    online = f"channel = '{PaymentChannel.ONLINE}'"
    sql = f"""SELECT f.procedure_id, f.agency_id,
  {counts}
FROM {t["Filing"]} f
LEFT JOIN (SELECT filing_id, MIN(paid_at) AS first_paid FROM {t["Payment"]} WHERE {online} AND filing_id IN
           (SELECT filing_id FROM {t["Payment"]} WHERE {online} AND paid_at >= %(tail)s AND paid_at < %(until)s)
           GROUP BY filing_id) pay ON pay.filing_id = f.id
WHERE {" AND ".join(where) or "1 = 1"} AND (
      (f.submitted_at >= %(tail)s AND f.submitted_at < %(until)s)
   OR (f.decided_at >= %(tail)s AND f.decided_at < %(until)s)
   OR pay.filing_id IS NOT NULL
   OR (f.decided_at IS NULL AND f.received_at < %(until)s AND f.due_date < %(end)s)
   OR (f.decided_at >= %(until)s AND f.received_at < %(until)s AND f.due_date < %(end)s))
GROUP BY f.procedure_id, f.agency_id"""
    tail = max(period.start, w + DAY)
    params.update(since=_param(since(period.start)), tail=_param(since(tail)), until=_param(since(period.end + DAY)),
                  end=_param(period.end))  # fmt: skip
    from portal.reports import replica

    with replica.connection().cursor() as cursor:
        cursor.execute(sql, params)
        return [(r[0], r[1], dict(zip(rules, (v or 0 for v in r[2:]), strict=True))) for r in cursor]


def trend(scope, period, keys):
    """``metrics.trend`` from the rollups: each month's filing figures (None when they cannot answer)."""
    w = watermark()
    if w is None or period.start > w:
        return None
    additive = {"electronic_filings": "electronic", "fee_filings_total": "fee_filed", "resolved_early":
                "resolved_early", "resolved_on_time": "resolved_on_time", "resolved_late": "resolved_late"}  # fmt: skip
    wanted = set(keys) - {"resolved_total", "resolved_in_time"}
    if period.end <= w and wanted <= set(
        additive
    ):  # the dashboard's chart: one grouped query for every month
        from django.db.models.functions import TruncMonth

        ReportDaily, _paid, _state = _models()
        columns = ["electronic", "fee_filed", "resolved_early", "resolved_on_time", "resolved_late"]
        per_month = {
            r["month"]: r
            for r in _scoped(ReportDaily.objects.filter(day__range=(period.start, period.end)), scope)
            .order_by()
            .annotate(month=TruncMonth("day"))
            .values("month")
            .annotate(**{c: Sum(c) for c in columns})
        }
        series = []
        for month in period.months():
            r = per_month.get(month.start.replace(day=1)) or dict.fromkeys(columns, 0)
            totals = {key: r[column] or 0 for key, column in additive.items()}
            totals["resolved_total"] = (
                totals["resolved_early"] + totals["resolved_on_time"] + totals["resolved_late"]
            )
            totals["resolved_in_time"] = totals["resolved_early"] + totals["resolved_on_time"]
            series.append((month, {key: totals[key] for key in keys}))
        return series
    series = []
    for month in period.months():
        per = filings_by_procedure(scope, month, last_day=w) if month.start <= w else None
        if per is None:
            from django.db.models import Count

            from portal.reports.metrics import filing_conditions

            conditions = filing_conditions(month)
            row = scope.filings().aggregate(**{key: Count("pk", filter=conditions[key]) for key in keys})
            series.append((month, row))
            continue
        totals = {}
        for _pid, _aid, counts in per:
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        totals["resolved_in_time"] = totals.get("resolved_early", 0) + totals.get("resolved_on_time", 0)
        series.append((month, {key: totals.get(key, 0) for key in keys}))
    return series


def reset():
    """Forget the rollups (the next refresh folds every day from the first record)."""
    ReportDaily, ReportDailyPaid, RollupState = _models()
    with transaction.atomic():
        RollupState.objects.filter(name=STATE).delete()
        ReportDaily.objects.all().delete()
        ReportDailyPaid.objects.all().delete()
