"""Who may take each step of the one-stop shop, and on what condition; and the other rules of a filing.

The steps' table (:mod:`services.steps`) names these predicates, and the transition decorators of
:class:`services.models.Filing` read them from it. A permission is ``(filing, user) -> bool``; a condition
is ``(filing) -> bool`` and carries the message shown when it is not met.

The rules that are not steps live here too, each in one function that the services enforce and the pages
and the API ask before offering anything: the closed states, whether the fee is owed, who may pay it online
or record it at the desk (``payments.services`` enforces these two), whether documents may be attached,
whether a filing is overdue or late and so owed an apology slip. A rule that refuses with a
reason is written as ``..._refusal(filing, user) -> DomainError | None``: the service raises what it
returns, a page offers the action when it returns ``None``.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.constants import (
    CLOCK_RUNNING_STATES,
    CLOSED_STATES,
    DOCUMENTS_OPEN_STATES,
    Channel,
    DocumentOrigin,
    FilingStatus,
    OnlineLevel,
    Role,
    Timeliness,
)
from services.exceptions import InvalidInput, NotPermitted, StateConflict, lazy_format


def official(role):
    """An official of ``role`` in the agency that handles the filing."""

    def check(filing, user):
        return user.has_role(role) and user.agency_id is not None and user.agency_id == filing.agency_id

    check.__name__ = f"official_{role}"
    return check


desk_officer = official(Role.DESK)
specialist = official(Role.SPECIALIST)
leader = official(Role.LEADER)


def applicant_side(filing, user):
    """The applicant, or for a walk-in without an account, the desk officer acting for them."""
    if filing.applicant_id is None:
        return desk_officer(filing, user)
    return user.has_role(Role.CITIZEN) and filing.applicant_id == user.pk


def supplement_requester(filing, user):
    """The desk asks at receipt; the specialist asks during processing."""
    if filing.status == FilingStatus.SUBMITTED:
        return desk_officer(filing, user)
    return specialist(filing, user)


def desk_or_leader(filing, user):
    return desk_officer(filing, user) or leader(filing, user)


def condition(message):
    def wrap(func):
        func.message = message
        return func

    return wrap


@condition(
    _(
        "Hồ sơ chưa đủ các giấy tờ bắt buộc, hãy đính kèm trước khi nộp / "
        "The filing lacks mandatory documents: attach them before submitting."
    )
)
def mandatory_documents_attached(filing):
    # A filing forwarded by the national gateway carries its documents there; that portal checked them.
    return filing.channel == Channel.NATIONAL_GATEWAY or not filing.missing_mandatory_documents()


@condition(
    _(
        "Chưa hoàn thành nghĩa vụ tài chính: phí, lệ phí phải được thanh toán trước khi trả kết quả / "
        "The fee must be settled before the result is returned."
    )
)
def fee_settled(filing):
    return not fee_owed(filing)


# --- the rules that are not steps ---------------------------------------------------------------------
def is_closed(filing):
    """Refused, rejected or withdrawn: the filing will never have a result (and needs no fee)."""
    return filing.status in CLOSED_STATES


def fee_owed(filing):
    """The filing has a fee, not settled yet, and is not closed."""
    return filing.fee > 0 and filing.fee_settled_at is None and not is_closed(filing)


def online_payment_refusal(filing, user):
    """The applicant's side pays online a fee still owed, once the filing is submitted, unless the
    procedure takes its fee at the desk only."""
    if not applicant_side(filing, user):
        return NotPermitted(_("Chỉ người nộp hồ sơ thanh toán phí / Only the applicant pays the fee."))
    if filing.fee == 0:
        return InvalidInput(_("Hồ sơ này không có phí / This filing has no fee."), code="no_fee")
    if filing.fee_settled_at is not None:
        return StateConflict(_("Phí đã được thanh toán / The fee is already settled."), code="fee_settled")
    if filing.status in (FilingStatus.DRAFT, FilingStatus.RESULT_RETURNED) or is_closed(filing):
        return StateConflict(
            _("Hồ sơ ở trạng thái này không thu phí / No fee is taken in the filing's state."),
            code="not_payable",
        )
    if filing.procedure.online_level == OnlineLevel.NONE:
        return InvalidInput(
            _("Thủ tục này nộp phí tại bộ phận một cửa / This procedure's fee is paid at the desk."),
            code="counter_only",
        )
    return None


def counter_payment_refusal(filing, user):
    """The agency's desk officer records a fee still owed, paid at the desk, unless the service is
    full-process (online payment only)."""
    if not desk_officer(filing, user):
        return NotPermitted(
            _("Chỉ cán bộ một cửa của cơ quan thu phí / Only the agency's desk officer takes fees.")
        )
    if filing.procedure.online_level == OnlineLevel.FULL:
        return InvalidInput(
            _(
                "Dịch vụ toàn trình chỉ nhận thanh toán trực tuyến / "
                "A full-process service accepts only online payment."
            ),
            code="online_only",
        )
    if not fee_owed(filing):
        return StateConflict(
            _("Hồ sơ không còn khoản phí phải thu / The filing owes no fee."), code="fee_settled"
        )
    return None


def may_pay_online(filing, user):
    return online_payment_refusal(filing, user) is None


def may_record_counter_payment(filing, user):
    return counter_payment_refusal(filing, user) is None


def attachment_refusal(filing, user):
    """The applicant's side attaches documents to a draft or after a supplement request; else the error."""
    if not applicant_side(filing, user):
        return NotPermitted(_("Chỉ người nộp được đính kèm giấy tờ / Only the applicant attaches documents."))
    if filing.status not in DOCUMENTS_OPEN_STATES:
        return StateConflict(
            _(
                "Chỉ bổ sung giấy tờ khi hồ sơ là bản nháp hoặc được yêu cầu bổ sung / "
                "Documents are attached to a draft or after a supplement request."
            )
        )
    return None


def may_attach_documents(filing, user):
    return attachment_refusal(filing, user) is None


def upload_origin(filing, user):
    """How a new file attached by ``user`` came to be digital: for a walk-in without an account the desk
    attaches its own scans of the paper documents (số hóa khi tiếp nhận); otherwise the applicant uploads."""
    if filing.applicant_id is None and desk_officer(filing, user):
        return DocumentOrigin.SCANNED
    return DocumentOrigin.UPLOADED


def is_digitised(filing):
    """Every mandatory document of the filing has a digital copy (a gateway filing's are at the national
    portal, which checked them: see :func:`mandatory_documents_attached`)."""
    return mandatory_documents_attached(filing)


def clock_running(filing):
    """Received and not decided, nor stopped for a supplement: the due date counts down."""
    return filing.status in CLOCK_RUNNING_STATES and filing.due_date is not None


def is_overdue(filing, today=None):
    """The processing clock runs and the due date has passed."""
    return clock_running(filing) and filing.due_date < (today or timezone.localdate())


def result_available(filing):
    """The electronic result of a full-process filing can be downloaded once the desk has returned it."""
    return filing.status == FilingStatus.RESULT_RETURNED and filing.procedure.online_level == OnlineLevel.FULL


def overdue_filter(today=None):
    """:func:`is_overdue` as a filter on filings (the queue, the beat task that flags them)."""
    return Q(status__in=CLOCK_RUNNING_STATES, due_date__lt=today or timezone.localdate())


def is_late(filing, today=None):
    """Decided after its due date, or still in processing past it: the applicant is owed an apology."""
    return filing.timeliness == Timeliness.LATE or is_overdue(filing, today)


def apology_refusal(filing, user, today=None):
    """Why ``user`` may not issue an apology slip for ``filing`` (the error to raise), or ``None``."""
    if not desk_or_leader(filing, user):
        return NotPermitted(
            _(
                "Chỉ cán bộ một cửa hoặc lãnh đạo của cơ quan lập phiếu xin lỗi / "
                "Only the agency's desk officer or leader issues apology slips."
            )
        )
    if not is_late(filing, today):
        return StateConflict(
            _("Chỉ lập phiếu xin lỗi cho hồ sơ quá hạn / Apology slips are for late filings only."),
            code="not_late",
        )
    return None


def may_issue_apology(filing, user):
    return apology_refusal(filing, user) is None


# --- timeliness (filings and hotline items alike) ---------------------------------------------------
def timeliness(done_at, due_date):
    """Early, on time or late: the day it was done in Asia/Ho_Chi_Minh against the due date (the whole
    due date counts, to its last minute)."""
    done_on = timezone.localdate(done_at)
    if done_on < due_date:
        return Timeliness.EARLY
    if done_on == due_date:
        return Timeliness.ON_TIME
    return Timeliness.LATE


# --- satisfaction ratings (issue 14) ------------------------------------------------------------------
def rating_change_deadline(rating):
    """The last day (in Asia/Ho_Chi_Minh) a rating may be changed: ``RATING_CHANGE_DAYS`` days after the
    day it was first given, to that day's end."""
    return timezone.localdate(rating.created_at) + dt.timedelta(days=settings.RATING_CHANGE_DAYS)


def rating_refusal(filing, user, now=None):
    """Why ``user`` may not rate ``filing`` now (the error to raise), or ``None``.

    The applicant (the citizen who filed it, nobody acting for them) rates the handling once the result
    is returned; one rating per filing, which they may change until :func:`rating_change_deadline`."""
    from services import access

    if not access.may_rate(user, filing):
        return NotPermitted(
            _("Chỉ người nộp hồ sơ đánh giá mức độ hài lòng / Only the applicant rates the handling.")
        )
    if filing.status != FilingStatus.RESULT_RETURNED:
        return StateConflict(
            _(
                "Chỉ đánh giá sau khi hồ sơ đã trả kết quả / "
                "The handling is rated once the result is returned."
            ),
            code="not_returned",
        )
    rating = getattr(filing, "rating", None) if filing.pk else None
    if rating is not None and timezone.localdate(now or timezone.now()) > rating_change_deadline(rating):
        return StateConflict(
            lazy_format(
                _(
                    "Đã hết thời hạn sửa đánh giá (%(days)s ngày sau lần đánh giá đầu) / "
                    "The rating can no longer be changed (%(days)s days after it was first given)."
                ),
                days=settings.RATING_CHANGE_DAYS,
            ),
            code="rating_closed",
        )
    return None


def may_rate(filing, user, now=None):
    return rating_refusal(filing, user, now) is None


# --- the hotline's records (issue 14) ----------------------------------------------------------------
def hotline_verdict_refusal(item, user):
    """Why ``user`` may not give their verdict on hotline ``item`` (the error to raise), or ``None``: the
    citizen who sent it, once it is answered, once."""
    from services import access

    if not access.is_feedback_author(user, item):
        return NotPermitted(
            _("Chỉ người gửi phản ánh đánh giá việc giải quyết / Only the sender rates the handling.")
        )
    if item.answered_at is None:
        return StateConflict(
            _("Phản ánh chưa được trả lời / The feedback is not answered yet."), code="not_answered"
        )
    if item.verdict:
        return StateConflict(
            _("Bạn đã đánh giá phản ánh này / You have already rated this feedback."), code="verdict_given"
        )
    return None
