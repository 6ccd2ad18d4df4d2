"""Reads: the querysets that queues and pages are built on."""

from django.db.models import Exists, OuterRef, Prefetch, Value, prefetch_related_objects
from django.db.models.functions import Concat

from services.access import visible_filings
from services.constants import FilingStatus, Role
from services.models import ApologySlip, Filing, FilingEvent, OutboxEvent, Procedure
from services.paging import KeysetPager
from services.portal_scope import in_portal, portal_procedures

__all__ = [
    "agency_procedures",
    "applicant_filings",
    "catalog",
    "keep_first_history",
    "official_queue",
    "queue_pager",
    "queue_states",
    "sync_incomplete",
    "unacknowledged_status_events",
    "visible_filing_details",
    "visible_filings",
    "with_details",
]

STATUS_TOPIC = "filing.status"  # the outbox topic of a filing's status events (services.outbox)

# What each official role works on, in its queue.
QUEUE_STATES = {
    Role.DESK: (FilingStatus.SUBMITTED, FilingStatus.APPROVED),
    Role.SPECIALIST: (FilingStatus.RECEIVED, FilingStatus.IN_REVIEW),
    Role.LEADER: (FilingStatus.AWAITING_APPROVAL,),
}


def _detail_lookups():
    return (
        "documents",
        "procedure__required_documents",
        Prefetch("events", queryset=FilingEvent.objects.select_related("actor")),
        Prefetch("apology_slips", queryset=ApologySlip.objects.select_related("issued_by")),
    )


def visible_filing_details(user):
    """:func:`visible_filings` with what a filing's page shows: documents, history, apology slips."""
    return visible_filings(user).select_related("rating").prefetch_related(*_detail_lookups())


def with_details(filing, *, just_created=False):
    """The same details read onto a filing in hand (one just created or stepped, already visible to the
    caller): the lists it has not read yet, nothing twice. A row inserted a moment ago has no documents,
    history or apology slips yet: those are not read at all."""
    if just_created:
        cache = filing.__dict__.setdefault("_prefetched_objects_cache", {})
        for name in ("documents", "events", "apology_slips"):
            cache[name] = getattr(filing, name).none()
        filing._state.fields_cache["rating"] = None  # nor a rating (reading it answers "none")
    prefetch_related_objects([filing], *_detail_lookups())
    return filing


def keep_first_history(filing, event):
    """A draft's first step (its submission) just wrote ``event``: that is its whole history, and it has no
    apology slip nor rating yet (a slip is owed once received and late, a rating once the result is
    returned; no step leads back to a draft). Kept on the instance, so that :func:`with_details` reads
    none of the three again (submit: three queries fewer)."""
    cache = filing.__dict__.setdefault("_prefetched_objects_cache", {})
    events = filing.events.all()
    events._result_cache, events._prefetch_done = [event], True
    cache["events"] = events
    cache["apology_slips"] = filing.apology_slips.none()
    filing._state.fields_cache["rating"] = None


# The queue's order, served by the ``filing_agency_due_idx`` index; past this many filings a queue says
# "more than N" instead of counting them all.
QUEUE_ORDER = ("due_date", "submitted_at", "id")
QUEUE_COUNT_CAP = 1000


def queue_states(user):
    """The states the official's roles work on (the queue's status filter offers these)."""
    return {s for role, ss in QUEUE_STATES.items() if user.has_role(role) for s in ss}


def queue_pager(size):
    """Keyset pages of :func:`official_queue` (``services.paging``): a deep page costs what the first does."""
    return KeysetPager(
        QUEUE_ORDER, salt="services.queue", size=size, cap=QUEUE_COUNT_CAP, first_nullable=True
    )


def official_queue(user):
    """The official's work, oldest deadline first (filings without a due date yet come after)."""
    states = queue_states(user)
    if not user.agency_id or not states:
        return Filing.objects.none()
    return (
        Filing.objects.select_related("procedure", "agency")
        .filter(agency_id=user.agency_id, status__in=states)
        .order_by(*QUEUE_ORDER)
    )


def catalog():
    """The procedures this portal offers: its province's active ones (:mod:`services.portal_scope`)."""
    return portal_procedures().select_related("agency", "province").order_by("field", "name")


def agency_procedures(agency_id):
    """The active procedures an agency handles (the desk's intake, the queue's filter): an official's own
    agency, whichever province the portal serves (:mod:`services.access` scopes officials, not the portal)."""
    return (
        Procedure.objects.filter(is_active=True, agency_id=agency_id)
        .select_related("agency", "province")
        .order_by("field", "name")
    )


def applicant_filings(user):
    """A citizen's own filings on this portal: those of its province's procedures."""
    return Filing.objects.filter(in_portal("procedure__province"), applicant=user).select_related(
        "procedure", "agency"
    )


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
