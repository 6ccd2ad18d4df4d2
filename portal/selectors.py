"""Reads of the portal's pages: catalog search, a citizen's repository."""

from portal.models import PersonalDocument
from services import selectors
from services.constants import OnlineLevel
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
    procedures = selectors.catalog()
    fields = sorted(set(procedures.values_list("field", flat=True)))
    agencies = sorted(set(procedures.values_list("agency__code", "agency__name")), key=lambda a: a[1])
    return fields, agencies


def repository(user):
    return PersonalDocument.objects.filter(owner=user).select_related("signed_document")
