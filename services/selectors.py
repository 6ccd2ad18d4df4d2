"""Reads: the querysets that queues and pages are built on."""

from django.db.models import Prefetch, Q

from services.constants import OFFICIAL_ROLES, FilingStatus, Role
from services.models import ApologySlip, Filing, FilingEvent, Procedure

# What each official role works on, in its queue.
QUEUE_STATES = {
    Role.DESK: (FilingStatus.SUBMITTED, FilingStatus.APPROVED),
    Role.SPECIALIST: (FilingStatus.RECEIVED, FilingStatus.IN_REVIEW),
    Role.LEADER: (FilingStatus.AWAITING_APPROVAL,),
}


def visible_filings(user):
    """A citizen sees their own filings; an official their agency's; an admin all."""
    qs = Filing.objects.select_related("procedure", "agency")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.has_role(Role.ADMIN):
        return qs
    scope = Q(applicant=user)
    if user.agency_id and any(user.has_role(r) for r in OFFICIAL_ROLES):
        scope |= Q(agency_id=user.agency_id)
    return qs.filter(scope)


def visible_filing_details(user):
    """:func:`visible_filings` with what a filing's page shows: documents, history, apology slips."""
    return visible_filings(user).prefetch_related(
        "documents",
        "procedure__required_documents",
        Prefetch("events", queryset=FilingEvent.objects.select_related("actor")),
        Prefetch("apology_slips", queryset=ApologySlip.objects.select_related("issued_by")),
    )


def official_queue(user):
    """The official's work, oldest deadline first (filings without a due date yet come after)."""
    states = {s for role, ss in QUEUE_STATES.items() if user.has_role(role) for s in ss}
    if not user.agency_id or not states:
        return Filing.objects.none()
    return (
        Filing.objects.select_related("procedure", "agency")
        .filter(agency_id=user.agency_id, status__in=states)
        .order_by("due_date", "submitted_at", "id")
    )


def catalog(province=None):
    qs = Procedure.objects.filter(is_active=True).select_related("agency", "province")
    if province is not None:
        qs = qs.filter(province=province)
    return qs.order_by("field", "name")
