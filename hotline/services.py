"""Tổng đài 1022: record a citizen's feedback (phản ánh, kiến nghị) and answer it.

Who answers an item (``hotline.selectors.answerable_feedback``, the rule of :mod:`services.access`): the desk officers and leaders of the agency
it is routed to (the desk speaks for the agency to citizens, the leader answers for it; specialists work
on filings, not on correspondence), and province admins. An item the hotline took without routing it to
an agency (a phone call about the province in general) is answered by the desks and leaders of that
province's agencies.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models import HotlineFeedback
from hotline.selectors import answerable_feedback
from services import access, rules
from services.calendar import WorkingCalendar
from services.exceptions import InvalidInput, NotPermitted, StateConflict, lazy_format

SUBJECT_MAX_LENGTH = HotlineFeedback._meta.get_field("subject").max_length


def handling_due_date(received_at, province_id, calendar=None):
    """The handling deadline of an item received at ``received_at``: ``HOTLINE_HANDLING_DAYS`` working
    days of the province's calendar after the day (Asia/Ho_Chi_Minh) it was received, as for filings."""
    calendar = calendar or WorkingCalendar(province_id=province_id)
    return calendar.add_working_days(timezone.localdate(received_at), settings.HOTLINE_HANDLING_DAYS)


def record_feedback(
    *,
    province,
    caller_name,
    subject,
    agency=None,
    filing=None,
    citizen=None,
    channel="phone",
    at=None,
    in_remit=True,
):
    """Record a feedback item as the hotline operator takes it (or as a citizen sends it from the portal),
    with its handling deadline; ``in_remit=False`` for an item outside the province's remit."""
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
    received_at = at or timezone.now()
    return HotlineFeedback.objects.create(
        due_date=handling_due_date(received_at, province.pk),
        in_remit=in_remit,
        province=province,
        agency=agency,
        filing=filing,
        citizen=citizen,
        channel=channel,
        caller_name=caller_name.strip(),
        subject=subject.strip(),
        received_at=received_at,
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


def answer_feedback(*, item, actor, answer, at=None):
    """Answer a pending feedback item once; the answer time is what the answered rate counts, and against
    the item's due date it is early, on time or late (``services.rules.timeliness``)."""
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
        item.answered_at = max(at or timezone.now(), item.received_at)
        item.answered_by = actor
        if item.due_date is None:  # an item recorded before deadlines were kept
            item.due_date = handling_due_date(item.received_at, item.province_id)
        item.timeliness = rules.timeliness(item.answered_at, item.due_date)
        item.save(update_fields=["answer", "answered_at", "answered_by", "due_date", "timeliness"])
        return item


def give_verdict(*, item, citizen, verdict, at=None):
    """The citizen who sent an answered item says whether they are satisfied with its handling, once
    (``services.rules.hotline_verdict_refusal``)."""
    if verdict not in HotlineFeedback.Verdict.values:
        raise InvalidInput(
            _("Hãy chọn hài lòng hoặc không hài lòng / Choose satisfied or dissatisfied."),
            code="invalid_verdict",
            field="verdict",
        )
    with transaction.atomic():
        item = HotlineFeedback.objects.select_for_update().get(pk=item.pk)
        refusal = rules.hotline_verdict_refusal(item, citizen)
        if refusal is not None:
            raise refusal
        item.verdict = verdict
        item.verdict_at = at or timezone.now()
        item.save(update_fields=["verdict", "verdict_at"])
        return item
