"""Write operations of the one-stop shop: plain functions, keyword arguments, one transaction each.

A transition locks the filing row, checks state, role, conditions and the reason the steps' table asks for
in that order (409, 403, 409, 400), changes the state, appends the immutable event and writes the outbox
row, all in one transaction.
"""

import hashlib
import unicodedata
from contextlib import nullcontext
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition

from services import outbox, selectors
from services.calendar import WorkingCalendar
from services.constants import Channel, DocumentOrigin, FilingStatus, Role
from services.exceptions import (
    ConditionNotMet,
    InvalidInput,
    NotFound,
    NotPermitted,
    StateConflict,
    lazy_format,
)
from services.models import ApologySlip, Filing, FilingDocument, FilingEvent
from services.models.filings import locked_filings, new_filing_code
from services.models.people import validate_personal_id
from services.portal_scope import serves_procedure
from services.rules import (
    apology_refusal,
    attachment_refusal,
    is_digitised,
    mandatory_documents_attached,
    overdue_filter,
    upload_origin,
)
from services.steps import STEPS
from services.uploads import display_name, extension

_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


# --- drafts and documents --------------------------------------------------------------------------
def create_filing(
    *,
    procedure,
    actor,
    applicant_name=None,
    applicant_personal_id=None,
    channel=Channel.ONLINE,
    national_id=None,
    **contact,
):
    """Open a draft (online, by a citizen), a walk-in filing (counter, by the desk officer) or a filing
    forwarded by the national gateway (no actor: the gateway's call is authenticated by its token).

    Online, the applicant is the signed-in citizen: name and personal ID come from the account (set by
    VNeID); a name or ID given that is not the account's is refused (400 ``applicant_mismatch``). At the
    desk and from the gateway they are entered and checked here."""
    if not procedure.is_active:
        raise InvalidInput(_("Thủ tục này không còn áp dụng / This procedure is no longer offered."))
    if applicant_personal_id is not None:
        _check_personal_id(applicant_personal_id)
    if channel == Channel.ONLINE:
        if not serves_procedure(procedure):  # another province's procedure: not on this portal
            raise NotFound(_("Không tìm thấy thủ tục / Procedure not found."))
        if not actor.has_role(Role.CITIZEN):
            raise NotPermitted(_("Chỉ công dân nộp hồ sơ trực tuyến / Only citizens file online."))
        if not procedure.is_online:
            raise InvalidInput(
                _("Thủ tục này chỉ nộp trực tiếp / This procedure is filed at the desk only."),
                code="not_online",
            )
        applicant = actor
    elif channel == Channel.COUNTER:
        if not (actor.has_role(Role.DESK) and actor.agency_id == procedure.agency_id):
            raise NotPermitted(
                _(
                    "Chỉ cán bộ một cửa của cơ quan nhập hồ sơ trực tiếp / Only the agency's desk enters walk-ins."
                )
            )
        applicant = None
    elif channel == Channel.NATIONAL_GATEWAY:
        if actor is not None or not national_id:
            raise NotPermitted(
                _("Chỉ Cổng DVCQG chuyển hồ sơ qua kênh này / Only the national gateway forwards filings.")
            )
        if not procedure.is_online:
            raise InvalidInput(
                _("Thủ tục này chỉ nộp trực tiếp / This procedure is filed at the desk only."),
                code="not_online",
            )
        applicant = None
    else:
        raise InvalidInput(_("Kênh nộp không hợp lệ / Unknown channel."), code="channel", field="channel")
    if applicant is not None:
        applicant_name, applicant_personal_id = _the_citizen_applies(
            applicant, applicant_name, applicant_personal_id
        )
    _check_personal_id(applicant_personal_id or "")
    if not (applicant_name or "").strip():
        raise InvalidInput(
            _("Cần họ tên người nộp / The applicant's name is required."),
            code="applicant_name",
            field="applicant_name",
        )
    for _attempt in range(5):
        if national_id and Filing.objects.filter(national_id=national_id).exists():
            raise StateConflict(
                _("Hồ sơ từ Cổng DVCQG đã có / This national filing already exists."), code="duplicate"
            )
        try:
            # one INSERT: alone it needs no transaction of its own (BEGIN and COMMIT would be two more round
            # trips); inside a caller's transaction, a savepoint lets a code collision be drawn again
            with transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext():
                return Filing.objects.create(
                    code=new_filing_code(procedure.agency.code),
                    procedure=procedure,
                    agency=procedure.agency,
                    channel=channel,
                    applicant=applicant,
                    applicant_name=applicant_name,
                    applicant_personal_id=applicant_personal_id,
                    fee=procedure.fee,
                    national_id=national_id,
                    **contact,
                )
        except IntegrityError:  # a code collision: draw again
            continue
    raise StateConflict(_("Không cấp được mã hồ sơ, thử lại / Could not allocate a filing code, retry."))


def _check_personal_id(personal_id):
    try:
        validate_personal_id(personal_id)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], code="personal_id", field="applicant_personal_id") from exc


def _same_name(a, b):
    return " ".join(unicodedata.normalize("NFC", a).casefold().split()) == " ".join(
        unicodedata.normalize("NFC", b).casefold().split()
    )


def _the_citizen_applies(citizen, name, personal_id):
    """The account's name and personal ID; a different one given is refused, saying which."""
    own_name, own_id = citizen.get_full_name() or citizen.username, citizen.personal_id or ""
    if personal_id is not None and personal_id != own_id:
        raise InvalidInput(
            _(
                "Hồ sơ trực tuyến nộp bằng mã định danh của tài khoản đang đăng nhập (từ VNeID); "
                "không nộp thay người khác được / An online filing is made under the signed-in account's "
                "personal ID (from VNeID); you cannot file for someone else."
            ),
            code="applicant_mismatch",
            field="applicant_personal_id",
        )
    if name is not None and not _same_name(name, own_name):
        raise InvalidInput(
            _(
                "Hồ sơ trực tuyến mang họ tên của tài khoản đang đăng nhập (từ VNeID) / "
                "An online filing carries the signed-in account's name (from VNeID)."
            ),
            code="applicant_mismatch",
            field="applicant_name",
        )
    return own_name, own_id


def attach_document(*, filing, actor, uploaded_file, required_document=None, origin=None):
    """Attach a document to a draft or to a filing asked to supplement; type and size are checked.

    ``origin``: ``reused`` when the file comes from the personal repository; else the rule decides
    (``rules.upload_origin``: the desk's scan of a walk-in's paper, or the applicant's upload). The first
    time every mandatory document has a copy, the filing is digitised (``digitised_at``)."""
    with transaction.atomic():
        filing = locked_filings().select_related("procedure").get(pk=filing.pk)
        refusal = attachment_refusal(filing, actor)
        if refusal is not None:
            raise refusal
        if required_document is not None and required_document.procedure_id != filing.procedure_id:
            raise InvalidInput(_("Giấy tờ không thuộc thủ tục này / The document is not of this procedure."))
        content = _checked_upload(uploaded_file)
        now = timezone.now()
        origin = origin or upload_origin(filing, actor)
        scanned = origin == DocumentOrigin.SCANNED
        document = FilingDocument.objects.create(
            filing=filing,
            required_document=required_document,
            file=uploaded_file,
            original_name=display_name(
                uploaded_file.name, FilingDocument._meta.get_field("original_name").max_length
            ),
            content_type=getattr(uploaded_file, "content_type", "") or "application/octet-stream",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
            uploaded_at=now,
            origin=origin,
            scanned_by=actor if scanned else None,
            scanned_at=now if scanned else None,
        )
        if filing.digitised_at is None and is_digitised(filing):
            Filing.objects.filter(pk=filing.pk).update(digitised_at=now)
        return document


def _checked_upload(uploaded_file):
    ext = extension(uploaded_file.name)
    if not ext:
        raise InvalidInput(
            _("Chỉ nhận tệp PDF, JPG, PNG / Only PDF, JPG and PNG files are accepted."), code="file_type"
        )
    if uploaded_file.size > settings.FILING_UPLOAD_MAX_BYTES:
        raise InvalidInput(
            _("Tệp quá lớn (tối đa 10 MB) / The file is too large (10 MB at most)."), code="file_size"
        )
    uploaded_file.seek(0)
    content = uploaded_file.read()
    uploaded_file.seek(0)
    if not content:
        raise InvalidInput(_("Tệp rỗng / The file is empty."), code="file_empty")
    if not content.startswith(_MAGIC[ext]):
        raise InvalidInput(
            _("Nội dung tệp không khớp với loại tệp / The file's content does not match its type."),
            code="file_type",
        )
    return content


# --- transitions ------------------------------------------------------------------------------------
def _perform(filing, action, *, actor, reason="", **kwargs):
    try:
        with transaction.atomic():
            locked = locked_filings().select_related("procedure", "agency").get(pk=filing.pk)
            method = getattr(locked, action)
            step = method._django_fsm.get_transition(locked.status)
            if step is not None and mandatory_documents_attached in step.conditions:
                # read once: the check here and django-fsm's own check in the transition share them
                prefetch_related_objects([locked], "documents", "procedure__required_documents")
            if step is None:
                raise StateConflict(
                    lazy_format(
                        _(
                            "Không thể thực hiện “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s” / "
                            "The step “%(action)s” is not allowed while the filing is “%(status)s”."
                        ),
                        action=action,
                        status=FilingStatus(locked.status).label,
                    )
                )
            if not step.has_perm(locked, actor):
                raise NotPermitted(
                    _(
                        "Vai trò hoặc cơ quan của bạn không được thực hiện bước này / "
                        "Your role or agency may not take this step."
                    )
                )
            for condition in step.conditions:
                if not condition(locked):
                    raise ConditionNotMet(condition.message)
            STEPS[action].check_arguments({"reason": reason, **kwargs})  # a needed reason: 400
            _step(locked, action, actor=actor, reason=reason, **kwargs)
    except ConcurrentTransition as exc:
        raise StateConflict(
            _(
                "Hồ sơ vừa được người khác xử lý, hãy tải lại / Someone else just acted on this filing: reload it."
            ),
            code="conflict",
        ) from exc
    filing.refresh_from_instance(locked)  # the row as the step wrote it, without reading it again
    return filing


def _step(locked, action, *, actor, reason="", **kwargs):
    """Take a checked step on a locked filing: change the state, append the event, write the outbox row."""
    from_status = locked.status
    at = timezone.now()
    calendar = WorkingCalendar(province_id=locked.agency.province_id)  # the agency's province's days
    getattr(locked, action)(at=at, calendar=calendar, reason=reason, **kwargs)
    locked.save()
    event = FilingEvent.objects.create(
        filing=locked,
        action=action,
        from_status=from_status,
        to_status=locked.status,
        actor=actor,
        at=at,
        reason=reason,
        data={k: str(v) for k, v in kwargs.items()},
    )
    outbox.enqueue_filing_event(locked, event)
    if from_status == FilingStatus.DRAFT:
        selectors.keep_first_history(locked, event)  # the answer's history, without reading it back
    from documents.hooks import after_step  # signed result, notifications: in this same transaction

    after_step(locked, event)


def receive_national_filing(*, national_id, procedure, applicant_name, applicant_personal_id, **contact):
    """A filing forwarded by the national gateway arrives submitted, for the desk to receive.

    Idempotent by national id: the gateway may forward the same filing again; returns (filing, created).
    Its documents were checked by the national portal (see ``rules.mandatory_documents_attached``).
    """
    existing = Filing.objects.filter(national_id=national_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            filing = create_filing(
                procedure=procedure,
                actor=None,
                applicant_name=applicant_name,
                applicant_personal_id=applicant_personal_id,
                channel=Channel.NATIONAL_GATEWAY,
                national_id=national_id,
                **contact,
            )
            locked = locked_filings().select_related("procedure", "agency").get(pk=filing.pk)
            locked.digitised_at = timezone.now()  # its documents are digital at the national portal
            _step(locked, "submit", actor=None)
    except (IntegrityError, StateConflict):  # forwarded twice at once: the other call created it
        existing = Filing.objects.filter(national_id=national_id).first()
        if existing is None:
            raise
        return existing, False
    return locked, True


def submit_filing(*, filing, actor):
    return _perform(filing, "submit", actor=actor)


def resubmit_filing(*, filing, actor):
    return _perform(filing, "resubmit", actor=actor)


def receive_filing(*, filing, actor):
    return _perform(filing, "receive", actor=actor)


def request_supplement(*, filing, actor, reason):
    return _perform(filing, "request_supplement", actor=actor, reason=reason)


def refuse_filing(*, filing, actor, reason):
    return _perform(filing, "refuse", actor=actor, reason=reason)


def start_review(*, filing, actor):
    return _perform(filing, "start_review", actor=actor)


def propose_decision(*, filing, actor, proposal, reason=""):
    return _perform(filing, "propose", actor=actor, proposal=proposal, reason=reason)


def approve_filing(*, filing, actor):
    return _perform(filing, "approve", actor=actor)


def reject_filing(*, filing, actor, reason):
    return _perform(filing, "reject", actor=actor, reason=reason)


def send_back_filing(*, filing, actor, reason):
    return _perform(filing, "send_back", actor=actor, reason=reason)


def return_result(*, filing, actor):
    return _perform(filing, "return_result", actor=actor)


def withdraw_filing(*, filing, actor, reason=""):
    return _perform(filing, "withdraw", actor=actor, reason=reason)


def take_step(step, *, filing, actor, **arguments):
    """Take the step named ``step`` (a row of :data:`services.steps.STEPS`) with the arguments its fields
    name: what the filing page and the API call."""
    return _perform(filing, step, actor=actor, **arguments)


TRANSITIONS = {name: partial(take_step, name) for name in STEPS}


# --- facts that are not state changes ------------------------------------------------------------------
def mark_fee_settled(*, filing, at):
    """Record that the fee is settled (called by the payments app, inside its own transaction)."""
    updated = Filing.objects.filter(pk=filing.pk, fee_settled_at__isnull=True).update(fee_settled_at=at)
    if updated:
        from notifications.services import on_fee_settled  # the applicant is told, after commit

        on_fee_settled(filing)
    return bool(updated)


def issue_apology_slip(*, filing, actor, new_due_date, reason):
    """Issue an apology slip with a new appointment date to a filing that is (or was decided) late."""
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        today = timezone.localdate()
        refusal = apology_refusal(filing, actor, today)
        if refusal is not None:
            raise refusal
        if not (reason or "").strip():
            raise InvalidInput(_("Cần ghi lý do chậm / Say why the filing is late."), field="reason")
        if new_due_date <= max(today, filing.due_date):
            raise InvalidInput(
                _(
                    "Ngày hẹn mới phải sau hôm nay và sau ngày hẹn cũ / "
                    "The new date must be after today and after the old due date."
                ),
                field="new_due_date",
            )
        slip = ApologySlip.objects.create(
            filing=filing, new_due_date=new_due_date, reason=reason, issued_by=actor
        )
        outbox.enqueue(
            topic="filing.apology",
            key=f"filing:{filing.code}",
            payload={"filing_code": filing.code, "new_due_date": new_due_date.isoformat(), "reason": reason},
        )
        from notifications.services import on_apology_slip  # the applicant is told, after commit

        on_apology_slip(slip)
        return slip


def flag_overdue_filings(*, now=None):
    """Mark filings whose due date has just passed while the clock runs; each is reported once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    flagged = 0
    candidates = Filing.objects.filter(overdue_filter(today), overdue_flagged_at__isnull=True).values_list(
        "pk", flat=True
    )
    for pk in candidates.iterator():
        with transaction.atomic():
            filing = (
                Filing.objects.select_for_update(skip_locked=True)
                .select_related("procedure", "agency")
                .filter(overdue_filter(today), pk=pk, overdue_flagged_at__isnull=True)
                .first()
            )
            if filing is None:
                continue
            Filing.objects.filter(pk=pk).update(overdue_flagged_at=now)
            outbox.enqueue(
                topic="filing.overdue",
                key=f"filing:{filing.code}",
                payload={
                    "filing_code": filing.code,
                    "due_date": filing.due_date.isoformat(),
                    "at": now.isoformat(),
                },
            )
            flagged += 1
    return flagged
