"""Reads for the sync status page."""

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from services.models import OutboxEvent, ProcedurePublication
from services.sync.publication import eligible_procedures

E = OutboxEvent.State


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
    integrated = online.filter(publication__state=ProcedurePublication.State.PUBLISHED)
    return {
        **totals,
        "oldest_pending_age": (now - oldest) if oldest else None,
        "dead_events": OutboxEvent.objects.filter(state=E.DEAD).order_by("-dead_at")[:50],
        "failing_events": OutboxEvent.objects.filter(state=E.PENDING, attempts__gt=0).order_by("id")[:50],
        "online_total": online.count(),
        "integrated_total": integrated.count(),
        "procedures": online.select_related("agency", "publication").order_by("national_code"),
    }
