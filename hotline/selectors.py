"""Reads of the hotline: the items a user may answer, an official's worklist, a citizen's items."""

from django.db.models import F

from hotline.models import HotlineFeedback
from services import access


def may_answer_feedback(user):
    """Whether ``user`` answers hotline items at all (the rule is :mod:`services.access`)."""
    return access.may_answer_feedback(user)


def answerable_feedback(user):
    """The hotline items ``user`` may answer (:func:`services.access.feedback_scope`)."""
    return access.answerable_feedback(HotlineFeedback.objects.all(), user)


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
