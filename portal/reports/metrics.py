"""The rates a province reports upward, computed by the database from the records.

Every figure is computed for a scope (a province, or an agency with its sub-agencies) and a period
[start, end] of dates in Asia/Ho_Chi_Minh, from the timestamps of what happened (submission, decision,
payment, gateway acknowledgement) and the catalog as it stood on the period's last day (the procedures'
versions, :func:`services.catalog_history.catalog_at_end`), so that a past period gives the same answer
tomorrow, whatever the catalog became since. Each rate carries
its numerator and denominator. Three queries (procedures, filings, hotline), never a query per row or per
group: the filings are counted per procedure and agency in one pass joined once to grouped payment and event
sets (``FILING_SQL``), and the summary and every split are sums of those rows (``compute_all``). The same rules
as querysets (``*_conditions``) give the records behind a figure; a property test keeps both equal.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models import HotlineFeedback
from payments.constants import PaymentChannel
from payments.models import Payment
from services.catalog_history import catalog_at_end
from services.constants import FilingStatus, OnlineLevel, Timeliness
from services.models import Agency, Filing, FilingEvent, Procedure

# A split of the report: the column of a procedure's version, of a filing and of a hotline item it groups by.
SPLITS = {
    "level": ("online_level", "procedure__online_level", None),
    "field": ("field", "procedure__field", None),
    "agency": ("agency__code", "agency__code", "agency__code"),
    "province": ("procedure__province__slug", "agency__province__slug", "province__slug"),
}

# Each rate: (numerator key, denominator key).
RATES = {
    "online_service_rate": ("online_services_total", "procedures_total"),
    "full_process_rate": ("full_process_total", "procedures_total"),
    "partial_rate": ("partial_total", "procedures_total"),
    "integration_rate": ("integrated_total", "online_services_total"),
    "fee_procedures_with_filings_rate": ("fee_procedures_with_filings", "fee_procedures_total"),
    "fee_procedures_with_online_payment_rate": (
        "fee_procedures_with_online_payment",
        "fee_procedures_with_filings",
    ),
    "online_payment_rate": ("online_paid_filings", "fee_filings_total"),
    "on_time_rate": ("resolved_in_time", "resolved_total"),
    "hotline_answer_rate": ("hotline_answered", "hotline_received"),
}

# The order of the keys in every output (DOMAIN.md's metric table).
KEYS = [
    "procedures_total",
    "online_services_total",
    "online_service_rate",
    "full_process_total",
    "partial_total",
    "full_process_rate",
    "partial_rate",
    "integrated_total",
    "integration_rate",
    "electronic_filings",
    "fee_procedures_total",
    "fee_procedures_with_filings",
    "fee_procedures_with_filings_rate",
    "fee_procedures_with_online_payment",
    "fee_procedures_with_online_payment_rate",
    "fee_filings_total",
    "online_paid_filings",
    "online_payment_rate",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "on_time_rate",
    "overdue_open",
    "hotline_received",
    "hotline_answered",
    "hotline_answer_rate",
]
# What a person reads for each figure (the key stays in exports and the API).
LABELS = {
    "procedures_total": _("Tổng số thủ tục hành chính"),
    "online_services_total": _("Dịch vụ công trực tuyến"),
    "online_service_rate": _("Tỷ lệ thủ tục cung cấp trực tuyến"),
    "full_process_total": _("Dịch vụ công trực tuyến toàn trình"),
    "partial_total": _("Dịch vụ công trực tuyến một phần"),
    "full_process_rate": _("Tỷ lệ toàn trình"),
    "partial_rate": _("Tỷ lệ một phần"),
    "integrated_total": _("Dịch vụ đã tích hợp Cổng DVCQG"),
    "integration_rate": _("Tỷ lệ tích hợp Cổng DVCQG"),
    "electronic_filings": _("Hồ sơ nộp trực tuyến"),
    "fee_procedures_total": _("Thủ tục có phí, lệ phí"),
    "fee_procedures_with_filings": _("Thủ tục có phí đã phát sinh hồ sơ"),
    "fee_procedures_with_filings_rate": _("Tỷ lệ thủ tục có phí phát sinh hồ sơ"),
    "fee_procedures_with_online_payment": _("Thủ tục có phí đã thanh toán trực tuyến"),
    "fee_procedures_with_online_payment_rate": _("Tỷ lệ thủ tục có thanh toán trực tuyến"),
    "fee_filings_total": _("Hồ sơ có phí, lệ phí"),
    "online_paid_filings": _("Hồ sơ thanh toán trực tuyến"),
    "online_payment_rate": _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
    "resolved_total": _("Hồ sơ đã giải quyết"),
    "resolved_early": _("Giải quyết trước hạn"),
    "resolved_on_time": _("Giải quyết đúng hạn"),
    "resolved_late": _("Giải quyết quá hạn"),
    "on_time_rate": _("Tỷ lệ giải quyết trước và đúng hạn"),
    "overdue_open": _("Hồ sơ đang quá hạn"),
    "hotline_received": _("Phản ánh qua Tổng đài 1022"),
    "hotline_answered": _("Phản ánh đã trả lời"),
    "hotline_answer_rate": _("Tỷ lệ phản ánh được trả lời"),
}
ELECTRONIC_CHANNELS = ("online", "national_gateway")


@dataclass(frozen=True)
class Scope:
    """A province, or an agency and everything under it; or every province (to split by province)."""

    province_id: int | None
    agency_ids: tuple | None = None

    @classmethod
    def everywhere(cls):
        return cls(province_id=None)

    @classmethod
    def for_province(cls, province):
        return cls(province_id=province.pk)

    @classmethod
    def for_agency(cls, agency):
        ids, frontier = {agency.pk}, [agency.pk]
        while frontier:  # three levels at most: province, district, commune
            frontier = list(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return cls(province_id=agency.province_id, agency_ids=tuple(sorted(ids)))

    def _narrow(self, qs, province_field):
        if self.province_id is not None:
            qs = qs.filter(**{province_field: self.province_id})
        return qs.filter(agency_id__in=self.agency_ids) if self.agency_ids else qs

    def procedures(self):
        """Today's catalog in force (the reports read :meth:`catalog`)."""
        return self._narrow(Procedure.objects.filter(is_active=True), "province_id")

    def catalog(self, period):
        """The procedures in force on the period's last day, one version row each (``procedure_id``, level,
        fee, agency, ``integrated``... as they stood then; :func:`services.catalog_history.catalog_at_end`)."""
        return self._narrow(catalog_at_end(period.until).filter(is_active=True), "procedure__province_id")

    def filings(self):
        return self._narrow(Filing.objects.all(), "agency__province_id")

    def hotline(self):
        return self._narrow(HotlineFeedback.objects.all(), "province_id")


@dataclass(frozen=True)
class Period:
    """Dates [start, end], both included, in the local time zone."""

    start: dt.date
    end: dt.date

    @property
    def since(self):
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def until(self):
        """The first instant after the period (exclusive bound)."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    def months(self):
        """The calendar months the period touches, each cut to the period."""
        first = self.start.replace(day=1)
        while first <= self.end:
            following = (first + dt.timedelta(days=32)).replace(day=1)
            yield Period(max(first, self.start), min(following - dt.timedelta(days=1), self.end))
            first = following


def rate(numerator, denominator):
    """Percent with two decimals, half up (None when there is nothing to divide by)."""
    if not denominator:
        return None
    return float((Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _in(field, period):
    return Q(**{f"{field}__gte": period.since, f"{field}__lt": period.until})


# --- the three conditional aggregates ------------------------------------------------------------------
def paid_online_by(until, filing_ref="pk"):
    return Exists(
        Payment.objects.filter(filing=OuterRef(filing_ref), channel=PaymentChannel.ONLINE, paid_at__lt=until)
    )


def procedure_conditions(period):
    """The rule of each catalog figure, as a filter on the versions of :meth:`Scope.catalog` (level, fee and
    the gateway's acknowledged publication as they stood on the period's last day)."""
    online = Q(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL])
    fee = Q(fee__gt=0)
    filed = Filing.objects.filter(procedure=OuterRef("procedure_id")).filter(_in("submitted_at", period))
    filed_paid_online = filed.filter(paid_online_by(period.until))
    return {
        "procedures_total": Q(),
        "online_services_total": online,
        "full_process_total": Q(online_level=OnlineLevel.FULL),
        "partial_total": Q(online_level=OnlineLevel.PARTIAL),
        "integrated_total": online & Q(integrated=True),
        "fee_procedures_total": fee,
        "fee_procedures_with_filings": fee & Q(Exists(filed)),
        "fee_procedures_with_online_payment": fee & Q(Exists(filed_paid_online)),
    }


def procedure_aggregates(period):
    """Catalog figures: what is offered, at which level, what the gateway acknowledged, what was filed."""
    return {key: Count("pk", filter=q) for key, q in procedure_conditions(period).items()}


def finished_without_decision_by(until):
    """Withdrawn or refused before ``until``: such a filing is neither resolved nor overdue."""
    return Exists(
        FilingEvent.objects.filter(
            filing=OuterRef("pk"),
            to_status__in=[FilingStatus.WITHDRAWN, FilingStatus.REFUSED],
            at__lt=until,
        )
    )


def filing_conditions(period):
    """The rule of each filing figure: received in the period (by submission time), decided in the period,
    overdue at its end."""
    received = _in("submitted_at", period)
    fee = received & Q(fee__gt=0)
    decided = _in("decided_at", period) & ~Q(timeliness="")
    overdue_open = (
        Q(received_at__lt=period.until, due_date__lt=period.end)
        & (Q(decided_at__isnull=True) | Q(decided_at__gte=period.until))
        & ~Q(finished_without_decision_by(period.until))
    )
    return {
        "electronic_filings": received & Q(channel__in=ELECTRONIC_CHANNELS),
        "fee_filings_total": fee,
        "online_paid_filings": fee & Q(paid_online_by(period.until)),
        "resolved_total": decided,
        "resolved_early": decided & Q(timeliness=Timeliness.EARLY),
        "resolved_on_time": decided & Q(timeliness=Timeliness.ON_TIME),
        "resolved_late": decided & Q(timeliness=Timeliness.LATE),
        "resolved_in_time": decided & Q(timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME]),
        "overdue_open": overdue_open,
    }


def filing_aggregates(period):
    conditions = filing_conditions(period)
    conditions.pop("resolved_in_time")
    return {key: Count("pk", filter=q) for key, q in conditions.items()}


def hotline_conditions(period):
    received = _in("received_at", period)
    return {"hotline_received": received, "hotline_answered": received & Q(answered_at__lt=period.until)}


def hotline_aggregates(period):
    return {key: Count("pk", filter=q) for key, q in hotline_conditions(period).items()}


# --- the report -----------------------------------------------------------------------------------------
def _with_rates(counts):
    counts = {k: counts.get(k) or 0 for k in counts}
    counts["resolved_in_time"] = counts.get("resolved_early", 0) + counts.get("resolved_on_time", 0)
    figures = {key: counts.get(key, 0) for key in KEYS if key not in RATES}
    fractions = {}
    for key, (num, den) in RATES.items():
        figures[key] = rate(counts.get(num, 0), counts.get(den, 0))
        fractions[key] = {"numerator": counts.get(num, 0), "denominator": counts.get(den, 0)}
    return {**{k: figures[k] for k in KEYS}, "fractions": fractions}


# --- one pass over the filings -------------------------------------------------------------------------
# Each filing figure as a SQL condition on one filing row ``f`` joined to two grouped sets: ``pay`` (the
# filings with an online payment paid before the period's end) and ``closed`` (withdrawn or refused before it).
# The same rules as filing_conditions() (the records behind a figure); tests/reports/test_metrics_one_pass.py
# checks on random histories that both give the same counts. Parameters: since, until, end.
FILING_SQL = {
    "electronic_filings": "{received} AND f.channel IN ({electronic})",
    "fee_filings_total": "{received} AND f.fee > 0",
    "online_paid_filings": "{received} AND f.fee > 0 AND pay.filing_id IS NOT NULL",
    "resolved_total": "{decided}",
    "resolved_early": "{decided} AND f.timeliness = '{early}'",
    "resolved_on_time": "{decided} AND f.timeliness = '{on_time}'",
    "resolved_late": "{decided} AND f.timeliness = '{late}'",
    "overdue_open": "f.received_at < %(until)s AND f.due_date < %(end)s"
    " AND (f.decided_at IS NULL OR f.decided_at >= %(until)s) AND closed.filing_id IS NULL",
    # per procedure: was it filed in the period, and paid online
    "filed": "{received}",
    "filed_paid_online": "{received} AND pay.filing_id IS NOT NULL",
}
_FRAGMENTS = {
    "received": "f.submitted_at >= %(since)s AND f.submitted_at < %(until)s",
    "decided": "f.decided_at >= %(since)s AND f.decided_at < %(until)s AND f.timeliness <> ''",
    "electronic": ", ".join(f"'{c}'" for c in ELECTRONIC_CHANNELS),
    "early": Timeliness.EARLY,
    "on_time": Timeliness.ON_TIME,
    "late": Timeliness.LATE,
}


def _filings_by_procedure_sql(scope):
    """Counts per (procedure, agency) of the scope's filings: one scan, two hash joins, one GROUP BY."""
    qn = connection.ops.quote_name
    t = {m.__name__: qn(m._meta.db_table) for m in (Filing, FilingEvent, Payment, Agency)}
    where, params = ["1 = 1"], {}
    if scope.province_id is not None:
        where.append(f"f.agency_id IN (SELECT id FROM {t['Agency']} WHERE province_id = %(province)s)")
        params["province"] = scope.province_id
    if scope.agency_ids:
        where.append(f"f.agency_id IN ({', '.join(str(int(pk)) for pk in scope.agency_ids)})")
    closed = ", ".join(f"'{s}'" for s in (FilingStatus.WITHDRAWN, FilingStatus.REFUSED))
    counts = ",\n  ".join(
        f"SUM(CASE WHEN {rule.format(**_FRAGMENTS)} THEN 1 ELSE 0 END) AS {key}"
        for key, rule in FILING_SQL.items()
    )
    sql = f"""SELECT f.procedure_id, f.agency_id,
  {counts}
FROM {t["Filing"]} f
LEFT JOIN (SELECT filing_id FROM {t["Payment"]} WHERE channel = '{PaymentChannel.ONLINE}' AND paid_at < %(until)s
           GROUP BY filing_id) pay ON pay.filing_id = f.id
LEFT JOIN (SELECT filing_id FROM {t["FilingEvent"]} WHERE to_status IN ({closed}) AND at < %(until)s
           GROUP BY filing_id) closed ON closed.filing_id = f.id
WHERE {" AND ".join(where)}
GROUP BY f.procedure_id, f.agency_id"""
    return sql, params


def filings_by_procedure(scope, period):
    """``[(procedure_id, agency_id, {key: count})]`` for the filing figures and the per-procedure flags: from the
    daily rollups where they can answer (``portal/reports/rollups.py``, ``REPORT_ROLLUPS``), else from the records."""
    from portal.reports import rollups

    if rollups.enabled() and (rows := rollups.filings_by_procedure(scope, period)) is not None:
        return rows
    return _raw_filings_by_procedure(scope, period)


def _raw_filings_by_procedure(scope, period):
    from portal.reports import replica

    sql, params = _filings_by_procedure_sql(scope)
    ops = connection.ops
    params.update(since=ops.adapt_datetimefield_value(period.since), until=ops.adapt_datetimefield_value(period.until),
                  end=ops.adapt_datefield_value(period.end))  # fmt: skip
    with replica.connection().cursor() as cursor:  # the replica when one is set and this is a report read
        cursor.execute(sql, params)
        return [
            (row[0], row[1], dict(zip(FILING_SQL, (v or 0 for v in row[2:]), strict=True))) for row in cursor
        ]


PROCEDURE_FIELDS = {
    "level": "online_level",
    "field": "field",
    "agency": "agency__code",
    "province": "procedure__province__slug",
}
FILING_KEYS = [k for k in FILING_SQL if k not in ("filed", "filed_paid_online")]


def _procedure_counts(proc, filed, filed_paid_online):
    online = proc["online_level"] in (OnlineLevel.PARTIAL, OnlineLevel.FULL)
    fee = proc["fee"] > 0
    return {
        "procedures_total": 1,
        "online_services_total": int(online),
        "full_process_total": int(proc["online_level"] == OnlineLevel.FULL),
        "partial_total": int(proc["online_level"] == OnlineLevel.PARTIAL),
        "integrated_total": int(online and proc["integrated"]),
        "fee_procedures_total": int(fee),
        "fee_procedures_with_filings": int(fee and filed > 0),
        "fee_procedures_with_online_payment": int(fee and filed_paid_online > 0),
    }


def compute_all(scope, period, splits=(), per_procedure=None):
    """The summary and each split asked for (``{split: {group: figures}}``) from the same three queries:
    the scope's catalog on the period's last day (one version row per procedure, with its gateway state), its
    filings counted per procedure and agency in one pass, its hotline items per agency. No query per row, per
    group or per split. ``per_procedure``: the rows of :func:`filings_by_procedure` when already read."""
    splits = tuple(splits)
    columns = ("online_level", "fee", "field", "agency_id", "agency__code", "procedure__province__slug")
    procedures = {
        row["procedure_id"]: row
        for row in scope.catalog(period).order_by().values("procedure_id", *columns, "integrated")
    }
    if per_procedure is None:
        per_procedure = filings_by_procedure(scope, period)
    missing = {pid for pid, _a, _c in per_procedure if pid not in procedures}
    others = {}  # filings of procedures outside the scope's catalog (inactive): their filing figures still count
    if missing and splits:
        others = {row["procedure_id"]: row for row in catalog_at_end(period.until).filter(procedure_id__in=missing)
                  .values("procedure_id", *columns)}  # fmt: skip
    agency_codes = {}
    if (
        "agency" in splits or "province" in splits
    ):  # a filing's agency is its procedure's: a query only if not
        agency_codes = {p["agency_id"]: {"code": p["agency__code"], "province__slug": p["procedure__province__slug"]}
                        for p in procedures.values()}  # fmt: skip
        unknown = {a for _p, a, _c in per_procedure if a not in agency_codes}
        if unknown:
            agency_codes |= {a.pop("pk"): a for a in Agency.objects.filter(pk__in=unknown)
                             .values("pk", "code", "province__slug")}  # fmt: skip
    total, groups = {}, {split: {} for split in splits}

    def add(into, counts):
        for key, value in counts.items():
            into[key] = into.get(key, 0) + value

    def group_of(split, proc, agency_id=None):
        if split in ("agency", "province") and agency_id is not None:
            agency = agency_codes.get(agency_id, {})
            return agency.get("code" if split == "agency" else "province__slug") or ""
        return proc.get(PROCEDURE_FIELDS[split]) or ""

    flags = {}
    for pid, agency_id, counts in per_procedure:
        filed = flags.setdefault(pid, [0, 0])
        filed[0] += counts["filed"]
        filed[1] += counts["filed_paid_online"]
        figures = {k: counts[k] for k in FILING_KEYS}
        add(total, figures)
        proc = procedures.get(pid) or others.get(pid) or {}
        for split in splits:
            add(groups[split].setdefault(group_of(split, proc, agency_id), {}), figures)
    # the catalog: procedures alike in every count and group counted once (thousands of rows, a few kinds)
    kinds = {}
    for pid, proc in procedures.items():
        filed, paid = flags.get(pid, (0, 0))
        kind = (proc["online_level"], proc["fee"] > 0, bool(proc["integrated"]), filed > 0, paid > 0,
                tuple(group_of(split, proc) for split in splits))  # fmt: skip
        kinds[kind] = kinds.get(kind, 0) + 1
    for (level, fee, integrated, filed, paid, kind_groups), n in kinds.items():
        one = _procedure_counts(
            {"online_level": level, "fee": int(fee), "integrated": integrated}, filed, paid
        )
        counts = {key: value * n for key, value in one.items()}
        add(total, counts)
        for split, group in zip(splits, kind_groups, strict=True):
            add(groups[split].setdefault(group, {}), counts)
    hotline_splits = [s for s in splits if SPLITS[s][2]]
    hotline_columns = [SPLITS[s][2] for s in hotline_splits]
    hotline = scope.hotline().order_by()
    rows = (
        hotline.values(*hotline_columns).annotate(**hotline_aggregates(period))
        if hotline_columns
        else [hotline.aggregate(**hotline_aggregates(period))]
    )
    for row in rows:
        counts = {k: row[k] or 0 for k in ("hotline_received", "hotline_answered")}
        add(total, counts)
        for split, column in zip(hotline_splits, hotline_columns, strict=True):
            add(groups[split].setdefault(row[column] or "", {}), counts)
    summary = _with_rates({**dict.fromkeys(KEYS_COUNTED, 0), **total})
    return summary, {
        split: {
            g: _with_rates({**dict.fromkeys(KEYS_COUNTED, 0), **c}) for g, c in sorted(groups[split].items())
        }
        for split in splits
    }


KEYS_COUNTED = [k for k in KEYS if k not in RATES]


def compute_dashboard(scope, period, splits, trend_keys):
    """``(summary, splits, trend)``: :func:`compute_all` and :func:`trend` of the dashboard, reading the rollups
    once for both when they can answer."""
    from portal.reports import rollups

    w = rollups.watermark() if rollups.enabled() else None
    if w is None or period.start > w:
        return (*compute_all(scope, period, splits), trend(scope, period, trend_keys))
    monthly = rollups.rolled(scope, period, w)
    per_procedure = rollups.filings_by_procedure(scope, period, last_day=w, monthly=monthly)
    summary, groups = compute_all(scope, period, splits, per_procedure=per_procedure)
    _check_trend_keys(period, trend_keys)
    return summary, groups, rollups.trend(scope, period, trend_keys, last_day=w, monthly=monthly)


def compute(scope, period):
    """Every metric of the scope over the period: three queries (see compute_all)."""
    return compute_all(scope, period)[0]


def compute_split(scope, period, split):
    """The metrics per online level, procedure field, agency or province: a dict ``{group: figures}``."""
    return compute_all(scope, period, (split,))[1][split]


def _check_trend_keys(period, keys):
    unknown = set(keys) - set(filing_conditions(period))
    if unknown:
        raise ValueError(f"not filing figures: {sorted(unknown)}")


def trend(scope, period, keys):
    """Filing figures month by month in one query: each month's rule becomes a filtered count
    (`make bench` compares it with computing each month alone)."""
    _check_trend_keys(period, keys)
    from portal.reports import rollups

    if rollups.enabled() and (series := rollups.trend(scope, period, keys)) is not None:
        return series
    months = list(period.months())
    aggregates = {}
    for i, month in enumerate(months):
        conditions = filing_conditions(month)
        aggregates.update({f"m{i}_{key}": Count("pk", filter=conditions[key]) for key in keys})
    row = scope.filings().aggregate(**aggregates) if aggregates else {}
    return [(month, {key: row[f"m{i}_{key}"] for key in keys}) for i, month in enumerate(months)]
