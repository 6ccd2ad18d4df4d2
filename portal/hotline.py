"""Tổng đài 1022: record a citizen's feedback (phản ánh, kiến nghị) and answer it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import HotlineFeedback
from services.exceptions import InvalidInput, StateConflict


def record_feedback(*, province, caller_name, subject, agency=None, filing=None, channel="phone", at=None):
    """Record a feedback item as the hotline operator takes it."""
    if not (subject or "").strip() or not (caller_name or "").strip():
        raise InvalidInput(
            _("Cần ghi người phản ánh và nội dung / The caller and the subject are required."),
            field="subject",
        )
    return HotlineFeedback.objects.create(
        province=province,
        agency=agency,
        filing=filing,
        channel=channel,
        caller_name=caller_name.strip(),
        subject=subject.strip(),
        received_at=at or timezone.now(),
    )


def answer_feedback(*, item, actor, answer):
    """Answer a pending feedback item once; the answer time is what the answered rate counts."""
    if not (answer or "").strip():
        raise InvalidInput(_("Cần nội dung trả lời / The answer is required."), field="answer")
    with transaction.atomic():
        item = HotlineFeedback.objects.select_for_update().get(pk=item.pk)
        if item.answered_at is not None:
            raise StateConflict(
                _("Phản ánh này đã được trả lời / This feedback is already answered."), code="answered"
            )
        item.answer = answer.strip()
        item.answered_at = max(timezone.now(), item.received_at)
        item.answered_by = actor
        item.save(update_fields=["answer", "answered_at", "answered_by"])
        return item
