"""The service index page ``/reports/index/`` (readers: :func:`services.access.report_provinces`, as the
reports dashboard): the groups, each indicator's bar against its maximum, the trend by month, the agencies
ranked, the province board; and the records behind each indicator."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render

from portal.reports import exports
from portal.reports.metrics import Scope
from portal.reports.views import _request_scope, records_page, report_page
from serviceindex import compute as index
from serviceindex.indicators import BY_KEY
from services.models import Agency


def _bar(points, maximum):
    """The share of the maximum earned, 0..100 (an SVG rect's width)."""
    return round(100 * points / maximum, 1) if maximum else 0


def _decorate(result):
    for group in result["groups"]:
        group["bar"] = _bar(group["points"], group["max"])
        for indicator in group["indicators"]:
            indicator["bar"] = _bar(indicator["points"], indicator["max"])
            indicator["label"] = BY_KEY[indicator["key"]].label
            indicator["decision"] = BY_KEY[indicator["key"]].decision
    return result


def _trend_bars(months):
    return [
        {"tick": f"{month.start:%m/%y}", "value": result["total"], "x": i * 40 + 5,
         "h": h, "y": round(100 - h, 1)}
        for i, (month, result) in enumerate(months)
        for h in [round(90 * result["total"] / (result["max"] or 100), 1)]
    ]  # fmt: skip


@report_page
def index_page(request):
    provinces, province, agency, scope, period = _request_scope(request)
    result, by_agency = index.compute_with_agencies(scope, period)
    result = _decorate(result)
    names = dict(Agency.objects.filter(pk__in=by_agency).values_list("pk", "name"))
    ranked = sorted(((names.get(pk, pk), r) for pk, r in by_agency.items()), key=lambda x: -x[1]["total"])
    visible = {p.pk: p for p in provinces}
    by_province = {province.pk: result}
    if "board" in request.GET and len(provinces) > 1:  # every province in one grouped pass, on request
        by_province = index.compute_by(Scope.everywhere(), period, "province")
    board = [(visible[pk], r) for pk, r in by_province.items() if pk in visible]
    board.sort(key=lambda x: x[0].name)
    context = {
        "provinces": provinces,
        "province": province,
        "agency": agency,
        "period": period,
        "result": result,
        "trend": _trend_bars(index.trend(scope, period)),
        "ranked": ranked,
        "board": board,
        "board_all": "board" in request.GET,
        "query": request.GET.urlencode(),
    }
    return render(request, "serviceindex/index.html", context)


def _records(request, key):
    _provinces, province, agency, scope, period = _request_scope(request)
    queryset = index.records(scope, period, key, complement=request.GET.get("complement") == "1")
    if queryset is None:
        raise Http404("unknown indicator")
    return province, agency, period, queryset


@report_page
def index_records(request, key):
    province, agency, period, queryset = _records(request, key)
    page, query = records_page(request, queryset)
    return render(request, "serviceindex/records.html",
                  {"key": key, "indicator": BY_KEY[key], "page": page, "province": province, "agency": agency,
                   "period": period, "complement": request.GET.get("complement") == "1",
                   "kind": queryset.model._meta.model_name, "query": query})  # fmt: skip


@report_page
def index_records_csv(request, key):
    """The records behind an indicator as CSV, streamed (the reports' export)."""
    province, agency, period, queryset = _records(request, key)
    name = f"{key}-{province.slug}{'-' + agency.code if agency else ''}-{period.start}-{period.end}"
    response = StreamingHttpResponse(exports.csv_lines(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
