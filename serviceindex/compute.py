"""The service index (Bộ chỉ số 766) of a province, or an agency with its sub-agencies, over a period, from the
records: every indicator's numerator, denominator, rate, points and maximum, and the records behind it.

One read per kind of record: the filings in one pass joined to grouped payment, event, document and rating sets
(:mod:`serviceindex.filing_pass`, as the report's ``FILING_SQL``; it also gives the catalog's "filed online /
paid online" flags per procedure), the catalog's procedures and the hotline items in one conditional aggregate
each (``Count(filter=Q)``), plus one query for the publications' deadlines, decided in working days. The rules
as ``Q`` (``*_conditions``) give the drill-down's querysets; tests/serviceindex/test_indicators.py keeps the
counts and the records behind them equal. Splits (per agency, per province) and the monthly trend are the same
reads grouped or with a column per month, never a query per row or per group. The rules read what happened by
the period's end (timestamps), so a closed period gives the same answer tomorrow.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from hotline.models import HotlineFeedback
from portal.reports import metrics
from portal.reports.metrics import ELECTRONIC_CHANNELS, Period, Scope, rate
from serviceindex import filing_pass
from serviceindex.indicators import BY_KEY, FILING, GROUPS, HOTLINE, INDICATORS, PROCEDURE
from serviceindex.models import IndexWeight
from services.calendar import WorkingCalendar
from services.constants import DocumentOrigin, FilingStatus, OnlineLevel, Rating, Timeliness
from services.models import FilingDocument, RequiredDocument, SatisfactionRating

__all__ = [
    "Period",
    "Scope",
    "compute",
    "compute_by",
    "compute_with_agencies",
    "records",
    "trend",
    "weights_on",
]

IN_TIME = (Timeliness.EARLY, Timeliness.ON_TIME)
CLOSED_WITHOUT_DECISION = (FilingStatus.WITHDRAWN, FilingStatus.REFUSED)
PUBLICATION_WORKING_DAYS = 5  # a province publishes within 5 working days (tỉnh: 5 ngày làm việc)
PROCEDURE_KEYS = ("procedures", "online_services", "published_on_time", "complete", "online_services_used",
                  "fee_procedures", "fee_procedures_paid_online")  # fmt: skip
HOTLINE_KEYS = ("in_remit", "in_remit_in_time", "items", "items_satisfied")


def _in(field, period):
    return Q(**{f"{field}__gte": period.since, f"{field}__lt": period.until})


def catalog(scope, period):
    """The scope's catalog as it stood on the period's last day: one version row per procedure in force
    (level, fee, processing time, agency, gateway state; :func:`services.catalog_history.catalog_at_end`)."""
    return scope.catalog(period)


# --- the counts, as conditions on each kind of record ------------------------------------------------------
def published_on_time_ids(versions, period):
    """Versions of online services integrated on the period's last day whose publication the gateway
    acknowledged within 5 working days (Asia/Ho_Chi_Minh, the province's calendar) of its request. One query;
    the working days in Python."""
    rows = versions.filter(
        online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL], integrated=True
    ).values_list(
        "pk",
        "procedure__province_id",
        "procedure__publication__requested_at",
        "procedure__publication__published_at",
    )
    calendars, ids = {}, []
    for pk, province_id, requested_at, published_at in rows:
        if requested_at is None or published_at is None or published_at >= period.until:
            # no request recorded, or re-published since: the history says integrated, nothing shows it late
            ids.append(pk)
            continue
        calendar = calendars.setdefault(province_id, WorkingCalendar(province_id))
        deadline = calendar.add_working_days(timezone.localdate(requested_at), PUBLICATION_WORKING_DAYS)
        if timezone.localdate(published_at) <= deadline:
            ids.append(pk)
    return ids


def procedures_filed(scope, period):
    """``(filed online, filed and paid online)``: the sets of procedures with at least one of the scope's filings
    of the period so (one grouped pass, :mod:`serviceindex.filing_pass`; a semi-join probed per catalog row was
    seconds on a province's half-year)."""
    return _flags(filing_pass.counts(scope, [period]))[0]


def _flags(rows, n=1):
    """Per period, the procedures of the pass's rows that were filed online, and filed and paid online."""
    flags = [(set(), set()) for _i in range(n)]
    for _group, procedure_id, per_period in rows:
        for (online, paid), c in zip(flags, per_period, strict=True):
            if c["filed_online"]:
                online.add(procedure_id)
            if c["filed_paid_online"]:
                paid.add(procedure_id)
    return flags


def procedure_conditions(versions, period, filed):
    """The catalog's counts, as filters on the versions of :func:`catalog`; ``filed``: the procedures filed
    online, and filed and paid online, in the period (:func:`procedures_filed`)."""
    filed_online, filed_paid_online = filed
    online = Q(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL])
    has_documents = RequiredDocument.objects.filter(procedure=OuterRef("procedure_id"))
    fee = Q(fee__gt=0)
    return {
        "procedures": Q(),
        "online_services": online,
        "published_on_time": Q(pk__in=published_on_time_ids(versions, period)),
        "complete": Q(processing_days__gt=0, agency__isnull=False)
        & ~Q(procedure__name="")
        & Q(Exists(has_documents)),
        "online_services_used": online & Q(procedure_id__in=sorted(filed_online)),
        "fee_procedures": fee,
        # the report's fee_procedures_with_online_payment: a filing of the period paid online by its end
        "fee_procedures_paid_online": fee & Q(procedure_id__in=sorted(filed_paid_online)),
    }


def filing_conditions(period):
    """The filings' counts as filters (the records behind an indicator); the counts themselves are read in one
    grouped pass with the same rules in SQL (:data:`serviceindex.filing_pass.COUNTS`)."""
    until = period.until
    reports = metrics.filing_conditions(period)
    received = _in("received_at", period)
    open_at_end = Q(decided_at__isnull=True) | Q(decided_at__gte=until)
    handled = (
        Q(received_at__lt=until)
        & (Q(decided_at__isnull=True) | Q(decided_at__gte=period.since))
        # withdrawn and refused are final states: only a filing in one now may have got there by the end (the
        # status test first keeps the events' probe off the other filings)
        & ~(Q(status__in=CLOSED_WITHOUT_DECISION) & Q(metrics.finished_without_decision_by(until)))
    )
    decided_in_time = Q(decided_at__lt=until, timeliness__in=IN_TIME)
    still_in_time = open_at_end & (Q(due_date__isnull=True) | Q(due_date__gte=period.end))
    documents = FilingDocument.objects.filter(filing=OuterRef("pk"), uploaded_at__lt=until)
    results = _in("result_returned_at", period)
    result_pending = Q(result_returned_at__isnull=True) | Q(result_returned_at__gte=until)
    dissatisfied = SatisfactionRating.objects.filter(
        filing=OuterRef("pk"), value=Rating.DISSATISFIED, created_at__lt=until
    )
    return {
        "received": received,
        "received_synced": received & Q(sync_complete_at__lt=until),
        "handled": handled,
        "in_time": handled & (decided_in_time | still_in_time),
        "results": results,
        "results_electronic": results & Q(result_electronic=True),
        "digitised": received & Q(Exists(documents)) & (result_pending | Q(result_electronic=True)),
        "reused": received & Q(Exists(documents.filter(origin=DocumentOrigin.REUSED))),
        "online_received": received & Q(channel__in=ELECTRONIC_CHANNELS),
        "fee_filings": reports["fee_filings_total"],
        "fee_filings_paid_online": reports["online_paid_filings"],
        "results_not_dissatisfied": results & ~Q(Exists(dissatisfied)),
    }


def hotline_conditions(period):
    until = period.until
    received = _in("received_at", period)
    answered = Q(answered_at__lt=until)
    pending = Q(answered_at__isnull=True) | Q(answered_at__gte=until)
    in_time = (answered & Q(timeliness__in=IN_TIME)) | (
        pending & (Q(due_date__isnull=True) | Q(due_date__gte=period.end))
    )
    late = (answered & Q(timeliness=Timeliness.LATE)) | (pending & Q(due_date__lt=period.end))
    dissatisfied = Q(verdict=HotlineFeedback.Verdict.DISSATISFIED, verdict_at__lt=until)
    return {
        "in_remit": received & Q(in_remit=True),
        "in_remit_in_time": received & Q(in_remit=True) & in_time,
        "items": received,
        "items_satisfied": received & ~dissatisfied & ~late,
    }


def _kinds(scope, period, kinds=(PROCEDURE, FILING, HOTLINE), filed=None):
    """``{kind: (queryset, conditions)}`` for the scope and period."""
    out = {}
    if PROCEDURE in kinds:
        procedures = catalog(scope, period)
        filed = filed if filed is not None else procedures_filed(scope, period)
        out[PROCEDURE] = (procedures, procedure_conditions(procedures, period, filed))
    if FILING in kinds:
        out[FILING] = (scope.filings(), filing_conditions(period))
    if HOTLINE in kinds:
        out[HOTLINE] = (scope.hotline(), hotline_conditions(period))
    return out


GROUP_FIELDS = {
    "agency": {PROCEDURE: "agency_id", FILING: "agency_id", HOTLINE: "agency_id"},
    "province": {PROCEDURE: "procedure__province_id", FILING: "agency__province_id", HOTLINE: "province_id"},
}


def _aggregate(queryset, conditions, field=None):
    """``[(group, {count: n})]``: one conditional aggregate of ``queryset``, grouped by ``field`` (None: one
    row, its group None)."""
    aggregates = {f"n__{key}": Count("pk", filter=q) for key, q in conditions.items()}  # not a field's name
    if field is None:
        rows = [{"_group": None, **queryset.order_by().aggregate(**aggregates)}]
    else:
        rows = [
            {"_group": row.pop(field), **row}
            for row in queryset.order_by().values(field).annotate(**aggregates)
        ]
    return [(row.pop("_group"), {k.removeprefix("n__"): v or 0 for k, v in row.items()}) for row in rows]


def _zeros():
    return {
        PROCEDURE: dict.fromkeys(PROCEDURE_KEYS, 0),
        FILING: dict.fromkeys(filing_pass.FILING_KEYS, 0),
        HOTLINE: dict.fromkeys(HOTLINE_KEYS, 0),
    }


def counts(scope, period, by=None):
    """``{group: {kind: {count: n}}}`` (the group is None without ``by``): the filings in one grouped pass (which
    also gives the catalog's "filed" flags), the catalog and the hotline items in one aggregate each."""
    field = GROUP_FIELDS[by] if by else {}
    rows = filing_pass.counts(scope, [period], field.get(FILING))
    out = {None: _zeros()} if by is None else {}
    for group, _procedure, (values,) in rows:
        into = out.setdefault(group, _zeros())[FILING]
        for key in filing_pass.FILING_KEYS:
            into[key] += values[key]
    kinds = _kinds(scope, period, (PROCEDURE, HOTLINE), filed=_flags(rows)[0])
    for kind, (queryset, conditions) in kinds.items():
        for group, values in _aggregate(queryset, conditions, field.get(kind)):
            out.setdefault(group, _zeros())[kind] = values
    return out


# --- the weights and the score -------------------------------------------------------------------------------
def weights_on(day):
    """``{key: IndexWeight}`` in effect on ``day``: for each indicator its latest row from ``day`` or before.
    Before the first version, the first version (the decision's seed) applies."""
    rows = list(IndexWeight.objects.filter(effective_from__lte=day).order_by("key", "-effective_from"))
    if not rows:
        first = (
            IndexWeight.objects.order_by("effective_from").values_list("effective_from", flat=True).first()
        )
        rows = list(IndexWeight.objects.filter(effective_from=first)) if first else []
    latest = {}
    for row in rows:
        latest.setdefault(row.key, row)
    return latest


def points(numerator, denominator, weight):
    """``max × min(1, rate / full_marks_at)``, two decimals half up; 0 when there is nothing to divide by."""
    if not denominator:
        return Decimal("0.00")
    ratio = Decimal(numerator) * 100 / (Decimal(denominator) * weight.full_marks_at)
    return (weight.max_points * min(Decimal(1), ratio)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def score(kind_counts, weights):
    """The API's shape: ``{"total", "max", "groups": [{"key", "name_vi", "name_en", "points", "max",
    "indicators": [{"key", "numerator", "denominator", "rate", "points", "max"}]}]}``."""
    groups, total, total_max = [], Decimal(0), Decimal(0)
    ordered = sorted(INDICATORS, key=lambda i: weights[i.key].position if i.key in weights else 0)
    for group in GROUPS:
        indicators, earned, maximum = [], Decimal(0), Decimal(0)
        for indicator in (i for i in ordered if i.group == group.key and i.key in weights):
            weight = weights[indicator.key]
            num = kind_counts[indicator.kind][indicator.numerator]
            den = kind_counts[indicator.kind][indicator.denominator]
            got = points(num, den, weight)
            earned, maximum = earned + got, maximum + weight.max_points
            indicators.append({"key": indicator.key, "numerator": num, "denominator": den, "rate": rate(num, den),
                               "points": _number(got), "max": _number(weight.max_points)})  # fmt: skip
        total, total_max = total + earned, total_max + maximum
        groups.append({"key": group.key, "name_vi": group.name_vi, "name_en": group.name_en,
                       "points": _number(earned), "max": _number(maximum), "indicators": indicators})  # fmt: skip
    return {"total": _number(total), "max": _number(total_max), "groups": groups}


def compute(scope, period):
    """The index of the scope over the period, with the weights in effect on its last day."""
    return score(counts(scope, period)[None], weights_on(period.end))


def compute_with_agencies(scope, period):
    """``(index, {agency_id: index})`` from one set of aggregates grouped by agency: every count is a count of
    rows, so the scope's counts are the sums of its agencies' (the page's total and its ranking)."""
    weights = weights_on(period.end)
    grouped = counts(scope, period, "agency")
    total = {}
    for kinds in grouped.values():
        for kind, values in kinds.items():
            into = total.setdefault(kind, dict.fromkeys(values, 0))
            for key, n in values.items():
                into[key] += n
    if not total:
        return compute(scope, period), {}
    ranked = {group: score(c, weights) for group, c in grouped.items() if group is not None}
    return score(total, weights), ranked


def compute_by(scope, period, by):
    """``{agency_id or province_id: index}`` from the same three aggregates, grouped."""
    weights = weights_on(period.end)
    return {group: score(c, weights) for group, c in counts(scope, period, by).items() if group is not None}


def trend(scope, period):
    """``[(month, index)]``: the filings of every month in one grouped pass (a count per month and rule), the
    hotline items in one aggregate; the catalog month by month (each month has its own catalog on its last day)."""
    months = list(period.months())
    if not months:
        return []
    rows = filing_pass.counts(scope, months)
    flags = _flags(rows, len(months))
    results = [_zeros() for _m in months]
    for _group, _procedure, per_month in rows:
        for result, values in zip(results, per_month, strict=True):
            for key in filing_pass.FILING_KEYS:
                result[FILING][key] += values[key]
    for i, month in enumerate(months):
        versions, conditions = _kinds(scope, month, (PROCEDURE,), filed=flags[i])[PROCEDURE]
        results[i][PROCEDURE] = _aggregate(versions, conditions)[0][1]
    aggregates = {}
    for i, month in enumerate(months):
        aggregates.update(
            {f"m{i}__{key}": Count("pk", filter=q) for key, q in hotline_conditions(month).items()}
        )
    row = scope.hotline().order_by().aggregate(**aggregates)
    for i, _month in enumerate(months):
        results[i][HOTLINE] = {key: row[f"m{i}__{key}"] or 0 for key in HOTLINE_KEYS}
    return [(month, score(results[i], weights_on(month.end))) for i, month in enumerate(months)]


def records(scope, period, key, *, complement=False):
    """The rows behind an indicator's numerator (or, with ``complement``, its denominator's rows outside it);
    None for an unknown key."""
    indicator = BY_KEY.get(key)
    if indicator is None:
        return None
    queryset, conditions = _kinds(scope, period, (indicator.kind,))[indicator.kind]
    related = {PROCEDURE: ("procedure", "agency"), FILING: ("procedure", "agency"), HOTLINE: ("agency",)}[
        indicator.kind
    ]
    queryset = queryset.select_related(*related)
    if complement:
        return queryset.filter(conditions[indicator.denominator]).exclude(conditions[indicator.numerator])
    return queryset.filter(conditions[indicator.numerator])
