"""The citizen's home and the catalog: search first, fields as entry points, the most used procedures,
the public status lookup; one page per procedure. Everything is the portal's province
(:mod:`services.portal_scope`)."""

import math

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from api.throttles import LookupThrottle
from portal import selectors as portal_selectors
from services import lookup, selectors
from services.constants import OnlineLevel
from services.params import choice_param
from services.portal_scope import portal_province


def home(request):
    """Search first; without a search, the fields (with counts) and the most used procedures lead to it.
    The procedures matching the search and filters are listed below (all of them without one)."""
    q = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    agency = request.GET.get("agency", "")
    level = choice_param(request.GET, "level", OnlineLevel.values)
    procedures = portal_selectors.search_catalog(q=q, field=field, agency=agency, level=level)
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    fields, agencies = portal_selectors.catalog_facets()
    searching = bool(q or field or agency or level)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/home.html",
        {
            "province": portal_province(),
            "page": page,
            "levels": OnlineLevel.choices,
            "level": level,
            "q": q,
            "field": field,
            "agency": agency,
            "fields": fields,
            "agencies": agencies,
            "searching": searching,
            "popular": []
            if searching
            else portal_selectors.popular_procedures(days=settings.HOME_POPULAR_DAYS),
            "popular_days": settings.HOME_POPULAR_DAYS,
            "total": page.paginator.count,
            "query": query.urlencode(),
        },
    )


def procedure(request, pk):
    """One procedure: its documents, fee, processing time and level, and the button to file. Another
    province's procedure is not on this portal: 404."""
    proc = get_object_or_404(selectors.catalog(), pk=pk)
    return render(
        request,
        "portal/procedure.html",
        {"procedure": proc, "documents": proc.required_documents.all()},
    )


@require_http_methods(["GET", "POST"])
def lookup_status(request):
    """Tra cứu hồ sơ: a filing's code and the lookup key of its receipt, without signing in (POST, so the
    key stays out of addresses and logs). A wrong key and a wrong code get the same "not found"."""
    context = {"code": "", "result": None, "not_found": False}
    status = 200
    if request.method == "POST":
        throttle = LookupThrottle()
        if not throttle.allow_request(request, None):
            wait = math.ceil(throttle.wait() or 1)
            response = render(
                request, "portal/lookup.html", {**context, "throttled": True, "wait": wait}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        context["code"] = request.POST.get("code", "").strip()[:40]
        filing = lookup.find_filing(context["code"], request.POST.get("key", ""))
        if filing is None:
            context["not_found"], status = True, 404
        else:
            context["result"] = lookup.public_status(filing)
    return render(request, "portal/lookup.html", context, status=status)
