"""Reads of the portal's pages: catalog search, a citizen's repository, the hotline's items."""

from django.db.models import F, Q

from portal.models import HotlineFeedback, PersonalDocument
from portal.search import fold, folded
from services import selectors
from services.constants import OnlineLevel, Role


def search_catalog(*, q="", field="", agency="", level=""):
    """Procedures matching every word of ``q`` (in name, field or code), with or without diacritics."""
    procedures = selectors.catalog()
    if level in OnlineLevel.values:
        procedures = procedures.filter(online_level=level)
    if field:
        procedures = procedures.filter(field=field)
    if agency:
        procedures = procedures.filter(agency__code=agency)
    words = fold(q).split()
    if words:
        procedures = procedures.annotate(_name=folded("name"), _field=folded("field"))
        for word in words:
            procedures = procedures.filter(
                Q(_name__contains=word) | Q(_field__contains=word) | Q(national_code__startswith=word)
            )
    return procedures


def catalog_facets():
    procedures = selectors.catalog()
    fields = sorted(set(procedures.values_list("field", flat=True)))
    agencies = sorted(set(procedures.values_list("agency__code", "agency__name")), key=lambda a: a[1])
    return fields, agencies


def repository(user):
    return PersonalDocument.objects.filter(owner=user).select_related("signed_document")


def may_answer_feedback(user):
    """Province admins, and the desk officers and leaders of an agency (see ``portal.hotline``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_role(Role.ADMIN):
        return True
    return bool(user.agency_id) and (user.has_role(Role.DESK) or user.has_role(Role.LEADER))


def answerable_feedback(user):
    """The hotline items ``user`` may answer: their agency's, and the unrouted ones of its province."""
    items = HotlineFeedback.objects.all()
    if not may_answer_feedback(user):
        return items.none()
    if user.is_superuser or user.has_role(Role.ADMIN):
        return items
    return items.filter(
        Q(agency_id=user.agency_id) | Q(agency__isnull=True, province_id=user.agency.province_id)
    )


def feedback_worklist(user, state=""):
    """Pending items first, oldest first (as they wait); then the answered ones, latest answer first."""
    items = answerable_feedback(user).select_related("agency", "filing", "answered_by")
    if state == "pending":
        items = items.filter(answered_at__isnull=True)
    elif state == "answered":
        items = items.filter(answered_at__isnull=False)
    return items.order_by(F("answered_at").desc(nulls_first=True), "received_at", "pk")


def my_feedback(user):
    return (
        HotlineFeedback.objects.filter(citizen=user)
        .select_related("filing", "agency")
        .order_by("-received_at")
    )
