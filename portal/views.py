"""Catalog pages: search with or without diacritics, filters, one page per procedure."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from portal import selectors as portal_selectors
from services import selectors
from services.constants import OnlineLevel
from services.params import choice_param


def home(request):
    """The catalog: every procedure offered, searchable, by field, agency and level."""
    q = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    agency = request.GET.get("agency", "")
    level = choice_param(request.GET, "level", OnlineLevel.values)
    procedures = portal_selectors.search_catalog(q=q, field=field, agency=agency, level=level)
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    fields, agencies = portal_selectors.catalog_facets()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/home.html",
        {
            "page": page,
            "levels": OnlineLevel.choices,
            "level": level,
            "q": q,
            "field": field,
            "agency": agency,
            "fields": fields,
            "agencies": agencies,
            "total": page.paginator.count,
            "query": query.urlencode(),
        },
    )


def procedure(request, pk):
    """One procedure: its documents, fee, processing time and level, and the button to file."""
    proc = get_object_or_404(selectors.catalog(), pk=pk)
    return render(
        request,
        "portal/procedure.html",
        {"procedure": proc, "documents": proc.required_documents.all()},
    )
