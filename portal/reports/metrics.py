"""The rates a province reports upward, computed by the database from the records.

Every figure is computed for a scope (a province, or an agency with its sub-agencies) and a period
[start, end] of dates in Asia/Ho_Chi_Minh, from the timestamps of what happened (submission, decision,
payment, gateway acknowledgement), so that a past period gives the same answer tomorrow. Each rate carries
its numerator and denominator. One query per table (procedures, filings, hotline): conditional aggregates
and ``Exists`` subqueries, never a loop over rows.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models import HotlineFeedback
from payments.constants import PaymentChannel
from payments.models import Payment
from services.constants import FilingStatus, OnlineLevel, Timeliness
from services.models import Agency, Filing, FilingEvent, Procedure, ProcedurePublication

# A split of the report: the column of a procedure, of a filing and of a hotline item it groups by.
SPLITS = {
    "level": ("online_level", "procedure__online_level", None),
    "field": ("field", "procedure__field", None),
    "agency": ("agency__code", "agency__code", "agency__code"),
    "province": ("province__slug", "agency__province__slug", "province__slug"),
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
        return self._narrow(Procedure.objects.filter(is_active=True), "province_id")

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
def integrated_by(until):
    """The gateway had acknowledged the publication by ``until`` and not acknowledged a withdrawal since."""
    return Exists(
        ProcedurePublication.objects.filter(procedure=OuterRef("pk"), published_at__lt=until).filter(
            Q(unpublished_at__isnull=True)
            | Q(unpublished_at__lt=F("published_at"))
            | Q(unpublished_at__gte=until)
        )
    )


def paid_online_by(until, filing_ref="pk"):
    return Exists(
        Payment.objects.filter(filing=OuterRef(filing_ref), channel=PaymentChannel.ONLINE, paid_at__lt=until)
    )


def procedure_conditions(period):
    """The rule of each catalog figure, as a filter on procedures."""
    online = Q(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL])
    fee = Q(fee__gt=0)
    filed = Filing.objects.filter(procedure=OuterRef("pk")).filter(_in("submitted_at", period))
    filed_paid_online = filed.filter(paid_online_by(period.until))
    return {
        "procedures_total": Q(),
        "online_services_total": online,
        "full_process_total": Q(online_level=OnlineLevel.FULL),
        "partial_total": Q(online_level=OnlineLevel.PARTIAL),
        "integrated_total": online & Q(integrated_by(period.until)),
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


def compute(scope, period):
    """Every metric of the scope over the period: three queries."""
    counts = {}
    counts.update(scope.procedures().aggregate(**procedure_aggregates(period)))
    counts.update(scope.filings().aggregate(**filing_aggregates(period)))
    counts.update(scope.hotline().aggregate(**hotline_aggregates(period)))
    return _with_rates(counts)


def compute_split(scope, period, split):
    """The metrics per online level, procedure field or agency: a dict ``{group: figures}``."""
    proc_col, filing_col, hotline_col = SPLITS[split]
    groups = {}
    queries = [
        (scope.procedures(), proc_col, procedure_aggregates(period)),
        (scope.filings(), filing_col, filing_aggregates(period)),
    ]
    if hotline_col:
        queries.append((scope.hotline(), hotline_col, hotline_aggregates(period)))
    for queryset, column, aggregates in queries:
        for row in queryset.order_by().values(column).annotate(**aggregates):
            groups.setdefault(row.pop(column) or "", {}).update(row)
    return {group: _with_rates(counts) for group, counts in sorted(groups.items())}


def trend(scope, period, keys):
    """Filing figures month by month in one query: each month's rule becomes a filtered count
    (`make bench` compares it with computing each month alone)."""
    unknown = set(keys) - set(filing_conditions(period))
    if unknown:
        raise ValueError(f"not filing figures: {sorted(unknown)}")
    months = list(period.months())
    aggregates = {}
    for i, month in enumerate(months):
        conditions = filing_conditions(month)
        aggregates.update({f"m{i}_{key}": Count("pk", filter=conditions[key]) for key in keys})
    row = scope.filings().aggregate(**aggregates) if aggregates else {}
    return [(month, {key: row[f"m{i}_{key}"] for key in keys}) for i, month in enumerate(months)]
