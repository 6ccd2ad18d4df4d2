from django.core.paginator import Paginator
from django.shortcuts import render

from services import selectors
from services.constants import OnlineLevel


def home(request):
    """The catalog: every procedure offered, by field, with its level, time and fee."""
    procedures = selectors.catalog()
    level = request.GET.get("level")
    if level in OnlineLevel.values:
        procedures = procedures.filter(online_level=level)
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/home.html",
        {"page": page, "levels": OnlineLevel.choices, "level": level, "total": page.paginator.count},
    )
