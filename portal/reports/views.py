"""The reports dashboard (the readers of :func:`services.access.report_provinces`): tiles, monthly trend, split by level and agency, province comparison,
records behind each figure, CSV / XLSX export and the reconciliation with the articles."""

import csv
import io
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.reports import exports, replica, selectors
from portal.reports.metrics import (
    KEYS,
    LABELS,
    RATES,
    Period,
    Scope,
    compute,
    compute_all,
    compute_split,
    trend,
)
from portal.reports.reconcile import reconcile_for
from services import access
from services.constants import OnlineLevel
from services.models import Agency, Province
from services.params import BadParameter, date_param

CHART_KEYS = ("electronic_filings", "fee_filings_total", "resolved_total")


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


def _bars(series, key):
    """A bar chart as SVG geometry: [{tick, value, x, y, h}] on a 100-high canvas."""
    top = max((figures[key] or 0 for _tick, figures in series), default=0) or 1
    return [
        {"tick": tick, "value": figures[key] or 0, "x": i * 40 + 5, "h": h, "y": round(100 - h, 1)}
        for i, (tick, figures) in enumerate(series)
        for h in [round(90 * (figures[key] or 0) / top, 1)]
    ]


def _level_label(level):
    return OnlineLevel(level).label if level in OnlineLevel.values else level


def _charts(months, by_level, by_agency):
    """Captions read "figure — by month / by level / by agency"; bars carry a short tick."""
    per_month = [(f"{m.start:%m}", f) for m, f in months]
    per_level = [(_level_label(g), f) for g, f in by_level]
    charts = [(_("%(figure)s theo tháng"), per_month, k) for k in CHART_KEYS]
    charts += [
        (_("%(figure)s theo mức độ"), per_level, k) for k in ("online_services_total", "electronic_filings")
    ]
    charts += [(_("%(figure)s theo cơ quan"), by_agency[:12], "electronic_filings")]
    return [
        {"caption": caption % {"figure": LABELS[key]}, "bars": _bars(series, key)}
        for caption, series, key in charts
    ]


@report_page
def dashboard(request):
    provinces, province, agency, scope, period = _request_scope(request)
    # the tiles and every split from one pass over the filings (three queries), the trend in one more
    figures, splits = compute_all(scope, period, ("level", "agency"))
    months = trend(scope, period, CHART_KEYS)
    by_level = list(splits["level"].items())
    by_agency = list(splits["agency"].items())
    rate_keys = [k for k in KEYS if k in RATES]
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
        "rows": _rows(figures),
        "charts": _charts(months, by_level, by_agency),
        "by_level": [(_level_label(g), _rows(f)) for g, f in by_level],
        "labels": LABELS,
        "by_agency": by_agency,
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
    page = Paginator(queryset.order_by("pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/reports/records.html",
        {"key": key, "label": LABELS.get(key, key), "page": page, "province": province, "agency": agency, "period": period,
         "complement": complement, "kind": queryset.model._meta.model_name},
    )  # fmt: skip


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
