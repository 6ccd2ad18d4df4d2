"""The reports dashboard (the readers of :func:`services.access.report_provinces`): tiles, monthly trend, split by level and agency, province comparison,
records behind each figure, CSV / XLSX export and the reconciliation with the articles."""

import csv
import datetime as dt
import io
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from portal.reports import exports, replica, selectors
from portal.reports.metrics import (
    KEYS,
    LABELS,
    RATES,
    Period,
    Scope,
    compute,
    compute_dashboard,
    compute_split,
)
from portal.reports.reconcile import reconcile_for
from portal.templatetags.numbers import format_number
from services import access
from services.constants import OnlineLevel
from services.models import Agency, Province
from services.params import BadParameter, cursor_param, date_param

CHART_KEYS = ("electronic_filings", "fee_filings_total", "resolved_total")

# The dashboard's sections, grouped as the province's report (and the articles) group the figures; every
# key of metrics.KEYS is in exactly one (tests/reports/test_dashboard_layout.py).
GROUPS = (
    (
        "catalog",
        gettext_lazy("Thủ tục và mức độ trực tuyến / Catalog and online level"),
        ("procedures_total", "online_services_total", "online_service_rate", "full_process_total",
         "full_process_rate", "partial_total", "partial_rate"),
    ),
    ("integration", gettext_lazy("Tích hợp Cổng Dịch vụ công quốc gia / Integration with the national portal"),
     ("integrated_total", "integration_rate")),
    ("filings", gettext_lazy("Hồ sơ trực tuyến / Filings"), ("electronic_filings",)),
    (
        "fees",
        gettext_lazy("Phí, lệ phí và thanh toán trực tuyến / Fees and online payment"),
        ("fee_procedures_total", "fee_procedures_with_filings", "fee_procedures_with_filings_rate",
         "fee_procedures_with_online_payment", "fee_procedures_with_online_payment_rate", "fee_filings_total",
         "online_paid_filings", "online_payment_rate"),
    ),
    (
        "timeliness",
        gettext_lazy("Giải quyết đúng hạn / Timeliness"),
        ("resolved_total", "resolved_early", "resolved_on_time", "resolved_late", "on_time_rate", "overdue_open"),
    ),
    ("hotline", gettext_lazy("Tổng đài 1022 / Hotline 1022"), ("hotline_received", "hotline_answered", "hotline_answer_rate")),
)  # fmt: skip
# The headline rates, shown first and large.
HEADLINES = (
    "online_service_rate",
    "integration_rate",
    "online_payment_rate",
    "on_time_rate",
    "hotline_answer_rate",
)


def report_page(view):
    """Anonymous: to the sign-in page; signed in but no report reader: 403 (as the API)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.may_read_reports(request.user):
            raise PermissionDenied
        with replica.reads():  # the read replica when DATABASE_REPLICA_URL is set
            return view(request, *args, **kwargs)

    return wrapped


def _request_scope(request):
    provinces = list(access.report_provinces(request.user))
    if not provinces:
        raise Http404("no province")
    slug = request.GET.get("province") or provinces[0].slug
    province = Province.objects.filter(slug=slug).first()
    if province is None:
        raise BadParameter("province")
    if province not in provinces:
        raise PermissionDenied
    scope = Scope.for_province(province)
    agency = None
    if request.GET.get("agency"):
        agency = Agency.objects.filter(province=province, code=request.GET["agency"]).first()
        if agency is None:
            raise BadParameter("agency")
        scope = Scope.for_agency(agency)
    today = timezone.localdate()
    start = date_param(request.GET, "from", today.replace(month=1, day=1))
    end = date_param(request.GET, "to", today)
    return (
        provinces,
        province,
        agency,
        scope,
        Period(start, min(max(end, start), start.replace(year=start.year + 5))),
    )


def _rows(figures):
    return [
        {
            "key": k,
            "label": LABELS[k],
            "value": figures[k],
            "is_rate": k in RATES,
            "fraction": figures["fractions"].get(k),
        }
        for k in KEYS
    ]


def _groups(rows):
    by_key = {row["key"]: row for row in rows}
    return [{"slug": slug, "title": title, "rows": [by_key[k] for k in keys]} for slug, title, keys in GROUPS]


def _presets(request, year):
    """Period presets of the report's year (quý, 6 tháng, 9 tháng, năm): links that set from / to and keep
    the province and agency."""
    kept = {k: v for k, v in request.GET.items() if k in ("province", "agency")}
    quarters = [(_("Quý %(n)s / Q%(n)s") % {"n": q}, (3 * q - 2, 3 * q)) for q in (1, 2, 3, 4)]
    spans = [
        *quarters,
        (_("6 tháng / 6 months"), (1, 6)),
        (_("9 tháng / 9 months"), (1, 9)),
        (_("Cả năm / Year"), (1, 12)),
    ]
    presets = []
    for label, (first, last) in spans:
        start = dt.date(year, first, 1)
        end = dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)
        presets.append({"label": label, "from": start, "to": end,
                        "query": urlencode({**kept, "from": start.isoformat(), "to": end.isoformat()})})  # fmt: skip
    return presets


def _columns(series, key):
    """A column chart as SVG geometry on a 500 × 150 canvas: the plot from x 50 to 490, y 10 to 110
    (the x axis), ticks under it; every bar keeps its full label and value for the data table."""
    values = [figures[key] or 0 for _tick, figures in series]
    top = max(values, default=0) or 1
    slot = 440 / max(len(series), 1)
    every = max(1, round(len(series) / 12))  # at most about twelve tick labels
    bars = []
    for i, ((tick, _figures), value) in enumerate(zip(series, values, strict=True)):
        h = round(100 * value / top, 1)
        bars.append({"tick": tick if i % every == 0 else "", "label": tick, "value": value, "shown": format_number(value),
                     "x": round(50 + i * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1), "h": h,
                     "y": round(110 - h, 1), "cx": round(50 + i * slot + slot / 2, 1)})  # fmt: skip
    return {"bars": bars, "top": format_number(top if any(values) else 0)}


def _rows_chart(series, key):
    """A horizontal bar chart in HTML: full labels that wrap, each bar's width a share of the largest."""
    values = [figures[key] or 0 for _label, figures in series]
    top = max(values, default=0) or 1
    bars = [{"label": label, "value": value, "shown": format_number(value), "share": round(100 * value / top, 1)}
            for (label, _figures), value in zip(series, values, strict=True)]  # fmt: skip
    return {"bars": bars}


def _level_label(level):
    return OnlineLevel(level).label if level in OnlineLevel.values else level


def _charts(months, by_level, by_agency, names):
    """Captions read "figure — by month / by level / by agency"; each chart names its axes."""
    spans_years = len({m.start.year for m, _f in months}) > 1
    per_month = [(f"{m.start:%m/%y}" if spans_years else f"{m.start:%m}", f) for m, f in months]
    per_level = [(_level_label(g), f) for g, f in by_level]
    busiest = sorted(by_agency, key=lambda item: -(item[1]["electronic_filings"] or 0))[:12]
    per_agency = [(names.get(code, code), f) for code, f in busiest]
    month_axis, count_axis = _("Tháng / Month"), _("Số lượng / Count")
    charts = [("columns", _("%(figure)s theo tháng"), month_axis, per_month, k) for k in CHART_KEYS]
    charts += [
        ("rows", _("%(figure)s theo mức độ"), _("Mức độ / Level"), per_level, k)
        for k in ("online_services_total", "electronic_filings")
    ]
    charts += [
        ("rows", _("%(figure)s theo cơ quan"), _("Cơ quan / Agency"), per_agency, "electronic_filings")
    ]
    return [
        {"kind": kind, "caption": caption % {"figure": LABELS[key]}, "figure": LABELS[key], "x_axis": axis,
         "y_axis": count_axis, **(_columns if kind == "columns" else _rows_chart)(series, key)}
        for kind, caption, axis, series, key in charts
    ]  # fmt: skip


@report_page
def dashboard(request):
    provinces, province, agency, scope, period = _request_scope(request)
    # the tiles, every split and the trend: one read of the rollups (or one pass over the filings and one more)
    figures, splits, months = compute_dashboard(scope, period, ("level", "agency"), CHART_KEYS)
    by_level = list(splits["level"].items())
    by_agency = list(splits["agency"].items())
    names = dict(Agency.objects.filter(province=province).values_list("code", "name"))  # agencies by name
    rate_keys = [k for k in KEYS if k in RATES]
    rows = _rows(figures)
    comparison = []
    if "compare" in request.GET:  # every province in one split (three queries, not three a province)
        by_province = compute_split(Scope.everywhere(), period, "province")
        empty = dict.fromkeys(rate_keys)
        comparison = [(p, [by_province.get(p.slug, empty)[k] for k in rate_keys]) for p in provinces]
    context = {
        "provinces": provinces,
        "province": province,
        "agency": agency,
        "period": period,
        "rows": rows,
        "headlines": [row for row in rows if row["key"] in HEADLINES],
        "groups": _groups(rows),
        "presets": _presets(request, period.start.year),
        "agencies": sorted(names.items(), key=lambda item: item[1]),
        "charts": _charts(months, by_level, by_agency, names),
        "by_level": [(_level_label(g), _rows(f)) for g, f in by_level],
        "labels": LABELS,
        "by_agency": [(code, names.get(code, code), f) for code, f in by_agency],
        "comparison": comparison,
        "comparison_labels": [LABELS[k] for k in rate_keys],
        "reconciliation": reconcile_for(request.user) if "reconcile" in request.GET else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/reports/dashboard.html", context)


@report_page
def figure_records(request, key):
    _provinces, province, agency, scope, period = _request_scope(request)
    complement = request.GET.get("complement") == "1"
    queryset = selectors.records(scope, period, key, complement=complement)
    if queryset is None:
        raise Http404("unknown figure")
    page, query = records_page(request, queryset)
    return render(
        request,
        "portal/reports/records.html",
        {"key": key, "label": LABELS.get(key, key), "page": page, "province": province, "agency": agency, "period": period,
         "complement": complement, "kind": queryset.model._meta.model_name, "query": query},
    )  # fmt: skip


def records_page(request, queryset):
    """``(page, query)``: the keyset page of the records behind a figure or an indicator that ``?cursor=`` asks
    for (none: the first; one we did not make: a 400 naming ``cursor``), and the request's other parameters for
    the pager's links (province, agency, period, complement). No OFFSET, no full count (``records_pager``)."""
    pager = selectors.records_pager()
    cursor = cursor_param(request.GET, "cursor", pager, queryset.model)
    page = pager.page(queryset, cursor)
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("page", None)  # a link of the numbered pager before
    return page, query.urlencode()


def _records(request, key):
    _provinces, province, agency, scope, period = _request_scope(request)
    queryset = selectors.records(scope, period, key, complement=request.GET.get("complement") == "1")
    if queryset is None:
        raise Http404("unknown figure")
    name = f"{key}-{province.slug}{'-' + agency.code if agency else ''}-{period.start}-{period.end}"
    return queryset, name


@report_page
def figure_records_csv(request, key):
    """The records behind a figure as CSV, streamed row by row (any number of rows, flat memory)."""
    queryset, name = _records(request, key)
    response = StreamingHttpResponse(exports.csv_lines(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@report_page
def figure_records_xlsx(request, key):
    """The same as XLSX: an openpyxl write-only sheet on a temporary file, streamed from disk."""
    queryset, name = _records(request, key)
    return FileResponse(exports.xlsx_file(queryset, key), as_attachment=True, filename=f"{name}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip


def _table(request):
    _provinces, province, agency, scope, period = _request_scope(request)
    figures = compute(scope, period)
    header = ["province", "agency", "from", "to", "key", "value", "numerator", "denominator"]
    lines = []
    for row in _rows(figures):
        fraction = row["fraction"] or {}
        lines.append([province.slug, agency.code if agency else "", str(period.start), str(period.end), row["key"],
                      row["value"], fraction.get("numerator"), fraction.get("denominator")])  # fmt: skip
    return province, period, header, lines


@report_page
def export_csv(request):
    province, period, header, lines = _table(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-{province.slug}-{period.start}-{period.end}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(lines)
    return response


@report_page
def export_xlsx(request):
    province, period, header, lines = _table(request)
    book = Workbook()
    sheet = book.active
    sheet.title = "bao-cao"
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-{province.slug}-{period.start}-{period.end}.xlsx"'
    )
    return response
