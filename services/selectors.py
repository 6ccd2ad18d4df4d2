"""Reads: the querysets that queues and pages are built on."""

from django.db.models import Prefetch

from services.access import visible_filings
from services.constants import FilingStatus, Role
from services.models import ApologySlip, Filing, FilingEvent
from services.portal_scope import in_portal, portal_procedures

__all__ = ["applicant_filings", "catalog", "official_queue", "visible_filing_details", "visible_filings"]

# What each official role works on, in its queue.
QUEUE_STATES = {
    Role.DESK: (FilingStatus.SUBMITTED, FilingStatus.APPROVED),
    Role.SPECIALIST: (FilingStatus.RECEIVED, FilingStatus.IN_REVIEW),
    Role.LEADER: (FilingStatus.AWAITING_APPROVAL,),
}


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


def catalog():
    """The procedures this portal offers: its province's active ones (:mod:`services.portal_scope`)."""
    return portal_procedures().select_related("agency", "province").order_by("field", "name")


def applicant_filings(user):
    """A citizen's own filings on this portal: those of its province's procedures."""
    return Filing.objects.filter(in_portal("procedure__province"), applicant=user).select_related(
        "procedure", "agency"
    )
