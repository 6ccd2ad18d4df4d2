"""Tổng đài 1022: record a citizen's feedback (phản ánh, kiến nghị) and answer it.

Who answers an item (``hotline.selectors.answerable_feedback``, the rule of :mod:`services.access`): the desk officers and leaders of the agency
it is routed to (the desk speaks for the agency to citizens, the leader answers for it; specialists work
on filings, not on correspondence), and province admins. An item the hotline took without routing it to
an agency (a phone call about the province in general) is answered by the desks and leaders of that
province's agencies.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models import HotlineFeedback
from hotline.selectors import answerable_feedback
from services import access
from services.exceptions import InvalidInput, NotPermitted, StateConflict, lazy_format

SUBJECT_MAX_LENGTH = HotlineFeedback._meta.get_field("subject").max_length


def record_feedback(
    *, province, caller_name, subject, agency=None, filing=None, citizen=None, channel="phone", at=None
):
    """Record a feedback item as the hotline operator takes it (or as a citizen sends it from the portal)."""
    if not (subject or "").strip() or not (caller_name or "").strip():
        raise InvalidInput(
            _("Cần ghi người phản ánh và nội dung / The caller and the subject are required."),
            field="subject",
        )
    if len(subject.strip()) > SUBJECT_MAX_LENGTH:
        raise InvalidInput(
            lazy_format(
                _("Nội dung dài quá %(n)s ký tự / The subject is longer than %(n)s characters."),
                n=SUBJECT_MAX_LENGTH,
            ),
            field="subject",
        )
    return HotlineFeedback.objects.create(
        province=province,
        agency=agency,
        filing=filing,
        citizen=citizen,
        channel=channel,
        caller_name=caller_name.strip(),
        subject=subject.strip(),
        received_at=at or timezone.now(),
    )


def send_feedback(*, citizen, subject, filing=None, agency=None):
    """A signed-in citizen sends feedback from the portal (channel web), about one of their own filings
    (the agency is the filing's) or to an agency they choose."""
    if not (citizen.personal_id and access.is_citizen(citizen)):
        raise NotPermitted(
            _("Chỉ công dân đã định danh mới gửi phản ánh / Only an identified citizen may send feedback.")
        )
    if filing is not None:
        if filing.applicant_id != citizen.pk:
            raise NotPermitted(_("Hồ sơ không phải của bạn / The filing is not yours."), field="filing")
        agency = filing.agency
    if agency is None:
        raise InvalidInput(
            _(
                "Hãy chọn hồ sơ hoặc cơ quan nhận phản ánh / "
                "Choose the filing or the agency the feedback is about."
            ),
            field="agency",
        )
    return record_feedback(
        province=agency.province,
        agency=agency,
        filing=filing,
        citizen=citizen,
        caller_name=citizen.get_full_name() or citizen.username,
        subject=subject,
        channel=HotlineFeedback.Channel.WEB,
    )


def answer_feedback(*, item, actor, answer):
    """Answer a pending feedback item once; the answer time is what the answered rate counts."""
    if not (answer or "").strip():
        raise InvalidInput(_("Cần nội dung trả lời / The answer is required."), field="answer")
    with transaction.atomic():
        item = answerable_feedback(actor).select_for_update().filter(pk=item.pk).first()
        if item is None:
            raise NotPermitted(_("Bạn không được trả lời phản ánh này / You may not answer this feedback."))
        if item.answered_at is not None:
            raise StateConflict(
                _("Phản ánh này đã được trả lời / This feedback is already answered."), code="answered"
            )
        item.answer = answer.strip()
        item.answered_at = max(timezone.now(), item.received_at)
        item.answered_by = actor
        item.save(update_fields=["answer", "answered_at", "answered_by"])
        return item
