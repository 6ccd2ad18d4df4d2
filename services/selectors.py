"""Reads: the querysets that queues and pages are built on."""

from django.db.models import Exists, OuterRef, Prefetch, Value
from django.db.models.functions import Concat

from services.access import visible_filings
from services.constants import FilingStatus, Role
from services.models import ApologySlip, Filing, FilingEvent, OutboxEvent, Procedure

__all__ = [
    "catalog",
    "official_queue",
    "sync_incomplete",
    "unacknowledged_status_events",
    "visible_filing_details",
    "visible_filings",
]

STATUS_TOPIC = "filing.status"  # the outbox topic of a filing's status events (services.outbox)

# What each official role works on, in its queue.
QUEUE_STATES = {
    Role.DESK: (FilingStatus.SUBMITTED, FilingStatus.APPROVED),
    Role.SPECIALIST: (FilingStatus.RECEIVED, FilingStatus.IN_REVIEW),
    Role.LEADER: (FilingStatus.AWAITING_APPROVAL,),
}


def visible_filing_details(user):
    """:func:`visible_filings` with what a filing's page shows: documents, history, apology slips."""
    return (
        visible_filings(user)
        .select_related("rating")
        .prefetch_related(
            "documents",
            "procedure__required_documents",
            Prefetch("events", queryset=FilingEvent.objects.select_related("actor")),
            Prefetch("apology_slips", queryset=ApologySlip.objects.select_related("issued_by")),
        )
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


def unacknowledged_status_events():
    """A filing's status events (outbox rows, keyed ``filing:<code>``) the gateway has not acknowledged:
    still pending or parked dead. Correlated with the outer query's filing."""
    return OutboxEvent.objects.filter(
        topic=STATUS_TOPIC, key=Concat(Value("filing:"), OuterRef("code"))
    ).exclude(state=OutboxEvent.State.SENT)


def sync_incomplete(qs=None):
    """The filings of ``qs`` (all filings if None) with at least one status event not acknowledged by the
    national gateway (đồng bộ chưa đầy đủ)."""
    qs = Filing.objects.all() if qs is None else qs
    return qs.filter(Exists(unacknowledged_status_events()))
