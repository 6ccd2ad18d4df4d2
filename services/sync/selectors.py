"""Reads for the sync status page."""

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from services.models import OutboxEvent, ProcedurePublication
from services.models.publication import awaiting_confirmation
from services.sync.publication import eligible_procedures

E = OutboxEvent.State
P = ProcedurePublication

# A request the gateway has not confirmed yet, on a procedure queryset.
AWAITING_ACK = awaiting_confirmation()


def sync_status(now=None):
    now = now or timezone.now()
    totals = OutboxEvent.objects.aggregate(
        backlog=Count("id", filter=Q(state=E.PENDING)),
        dead=Count("id", filter=Q(state=E.DEAD)),
        oldest_pending=Min("created_at", filter=Q(state=E.PENDING)),
        last_success=Max("sent_at"),
        failing=Count("id", filter=Q(state=E.PENDING, attempts__gt=0)),
    )
    oldest = totals["oldest_pending"]
    online = eligible_procedures()
    by_province = list(integration_by_province(online))
    return {
        **totals,
        "oldest_pending_age": (now - oldest) if oldest else None,
        "dead_events": OutboxEvent.objects.filter(state=E.DEAD).order_by("-dead_at")[:50],
        "failing_events": OutboxEvent.objects.filter(state=E.PENDING, attempts__gt=0).order_by("id")[:50],
        "online_total": sum(row["online"] for row in by_province),
        "integrated_total": sum(row["integrated"] for row in by_province),
        "by_province": by_province,
        "awaiting": online.filter(AWAITING_ACK)
        .select_related("province", "publication")
        .order_by("publication__requested_at", "pk")[:AWAITING_SHOWN],
    }


AWAITING_SHOWN = 50


def integration_by_province(online):
    """Per province: online services, those the gateway confirmed as integrated, those awaiting its answer
    (one grouped query; a procedure list per province is on /manage/procedures/)."""
    return (
        online.values("province__name", "province__slug")
        .annotate(
            online=Count("pk"),
            integrated=Count("pk", filter=Q(publication__state=P.State.PUBLISHED)),
            awaiting=Count("pk", filter=AWAITING_ACK),
        )
        .order_by("province__name")
    )
