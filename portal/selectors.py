"""Reads of the portal's pages: catalog search, a citizen's repository."""

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.utils import timezone

from portal.models import PersonalDocument
from services import selectors
from services.constants import OnlineLevel
from services.models import Agency
from services.search import matching_words


def search_catalog(*, q="", field="", agency="", level=""):
    """Procedures matching every word of ``q`` (in name, field or code), with or without diacritics."""
    procedures = selectors.catalog()
    if level in OnlineLevel.values:
        procedures = procedures.filter(online_level=level)
    if field:
        procedures = procedures.filter(field=field)
    if agency:
        procedures = procedures.filter(agency__code=agency)
    return matching_words(procedures, q)


def catalog_facets():
    """The filters' choices: the portal's fields with their procedure counts, and its agencies that offer
    procedures, each once (by code; a name two agencies share is told apart by the parent agency)."""
    procedures = selectors.catalog().order_by()
    fields = list(
        procedures.values("field").annotate(n=Count("id")).order_by("field").values_list("field", "n")
    )
    rows = (
        Agency.objects.filter(pk__in=procedures.values("agency_id"))
        .select_related("parent")
        .order_by("name", "code")
    )
    names = Counter(a.name for a in rows)
    agencies = [
        (a.code, f"{a.name} ({a.parent.name if a.parent else a.code})" if names[a.name] > 1 else a.name)
        for a in rows
    ]
    return fields, agencies


def repository(user):
    return PersonalDocument.objects.filter(owner=user).select_related("signed_document")


def popular_procedures(*, days, limit=6):
    """The portal's procedures filed most in the last ``days`` days (by submission), most filed first."""
    since = timezone.now() - dt.timedelta(days=days)
    return (
        selectors.catalog()
        .filter(filings__submitted_at__gte=since)
        .annotate(filed=Count("filings"))
        .order_by("-filed", "name")[:limit]
    )
