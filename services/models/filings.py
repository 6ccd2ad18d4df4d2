"""Filings (hồ sơ) and their state machine.

Each transition method is one step of the one-stop shop; its decorator names the source and target states,
and takes who may take it (``permission``) and on what condition (``conditions``) from the steps' table,
:mod:`services.steps`, which also says what each step asks for. Nothing else changes ``status``:
the field is protected, and :mod:`services.services` wraps every call in a locked transaction that also
appends the event and the outbox row.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField, transition

from services import rules, steps
from services.constants import (
    WITHDRAWABLE_STATES,
    Channel,
    DocumentOrigin,
    FilingStatus,
    Proposal,
    Timeliness,
)
from services.exceptions import InvalidInput
from services.models.fsm import SafeRefreshMixin
from services.models.people import validate_personal_id
from services.uploads import stored_name

S = FilingStatus
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_filing_code(agency_code, when=None):
    """A code a person can read out on the phone: agency, date, six unambiguous characters."""
    when = timezone.localdate(when or timezone.now())
    suffix = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    return f"{agency_code}-{when:%y%m%d}-{suffix}"


def new_lookup_key():
    """The second factor of the public status lookup, printed on the receipt: six unambiguous characters."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


class Filing(SafeRefreshMixin, ConcurrentTransitionMixin, models.Model):
    """One application (hồ sơ) for one procedure by one applicant."""

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    lookup_key = models.CharField(
        _("mã tra cứu"),
        max_length=6,
        default=new_lookup_key,
        db_default="",  # a row written by raw SQL gets no key, and so is never found by the lookup
        editable=False,
        help_text=_("In trên giấy tiếp nhận; cùng mã hồ sơ để tra cứu không cần đăng nhập."),
    )
    procedure = models.ForeignKey("services.Procedure", on_delete=models.PROTECT, related_name="filings")
    agency = models.ForeignKey(
        "services.Agency", on_delete=models.PROTECT, related_name="filings", verbose_name=_("cơ quan")
    )
    channel = models.CharField(_("kênh nộp"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    national_id = models.CharField(
        _("mã hồ sơ trên Cổng DVCQG"), max_length=64, unique=True, null=True, blank=True
    )

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="filings"
    )
    applicant_name = models.CharField(_("người nộp"), max_length=200)
    applicant_personal_id = models.CharField(
        _("mã định danh cá nhân"), max_length=12, validators=[validate_personal_id]
    )
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    status = FSMField(_("trạng thái"), max_length=24, choices=S.choices, default=S.DRAFT, protected=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True, db_index=True)
    receipt_number = models.CharField(_("số giấy tiếp nhận"), max_length=40, blank=True)
    due_date = models.DateField(_("ngày hẹn trả"), null=True, blank=True)
    clock_stopped_at = models.DateTimeField(_("tạm dừng tính thời hạn lúc"), null=True, blank=True)
    remaining_days = models.PositiveSmallIntegerField(_("số ngày làm việc còn lại"), null=True, blank=True)
    proposal = models.CharField(_("đề xuất"), max_length=8, choices=Proposal.choices, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True, db_index=True)
    timeliness = models.CharField(_("tiến độ"), max_length=8, choices=Timeliness.choices, blank=True)
    result_returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("ghi nhận quá hạn lúc"), null=True, blank=True)
    fee = models.PositiveBigIntegerField(_("phí, lệ phí (VND)"), default=0)
    fee_settled_at = models.DateTimeField(_("hoàn thành nghĩa vụ tài chính lúc"), null=True, blank=True)
    # Digitisation (số hóa, issue 14): the result was issued electronically (its signed PDF exists), and
    # when every mandatory document of the filing first had a digital copy.
    result_electronic = models.BooleanField(
        _("trả kết quả điện tử"), default=False, db_default=False
    )  # raw inserts (bench, scale tests) need none
    digitised_at = models.DateTimeField(_("số hóa đủ thành phần lúc"), null=True, blank=True)
    # Sync completeness (issue 14), kept by the outbox delivery on each acknowledgement: when the last of
    # the filing's status events was acknowledged by the gateway, and the longest ack − change delay.
    sync_complete_at = models.DateTimeField(_("đồng bộ đủ lúc"), null=True, blank=True)
    sync_lag_seconds = models.PositiveIntegerField(_("độ trễ đồng bộ lớn nhất (giây)"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"], name="filing_queue_idx"),
            # The officials' queue reads an agency's filings in deadline order and stops at a page: this
            # index gives that order directly (measured in bench/: a sort of the whole agency otherwise).
            models.Index(fields=["agency", "due_date", "submitted_at", "id"], name="filing_agency_due_idx"),
            models.Index(fields=["applicant", "-created_at"], name="filing_applicant_idx"),
        ]

    def __str__(self):
        return self.code

    # --- derived facts --------------------------------------------------------------------------
    def missing_mandatory_documents(self):
        attached = {d.required_document_id for d in self.documents.all()}
        return [d for d in self.procedure.required_documents.all() if d.mandatory and d.pk not in attached]

    @property
    def is_overdue(self):
        return rules.is_overdue(self)

    @property
    def clock_running(self):
        """Received and not decided, nor stopped for a supplement: the due date counts down."""
        return rules.clock_running(self)

    def _resubmit_target(self):
        """Back to the desk if it was never received; back to the specialist if processing had begun."""
        return S.IN_REVIEW if self.received_at else S.SUBMITTED

    # --- the one-stop shop ----------------------------------------------------------------------
    @transition(field=status, source=S.DRAFT, target=S.SUBMITTED, **steps.SUBMIT.guards)
    def submit(self, *, at, calendar=None, **kwargs):
        """Submit the filing (nộp hồ sơ)."""
        self.submitted_at = at

    @transition(
        field=status,
        source=S.SUPPLEMENT_REQUESTED,
        target=GET_STATE(lambda self, **kw: self._resubmit_target(), states=[S.SUBMITTED, S.IN_REVIEW]),
        **steps.RESUBMIT.guards,
    )
    def resubmit(self, *, at, calendar, **kwargs):
        """Resubmit after a supplement request (nộp bổ sung); the clock restarts if it had stopped."""
        self.submitted_at = self.submitted_at or at
        if self.clock_stopped_at is not None:
            days = (
                self.procedure.processing_days
                if self.procedure.restart_clock_on_supplement
                else (self.remaining_days or 0)
            )
            self.due_date = calendar.add_working_days(timezone.localdate(at), days)
            self.clock_stopped_at = None
            self.remaining_days = None

    @transition(field=status, source=S.SUBMITTED, target=S.RECEIVED, **steps.RECEIVE.guards)
    def receive(self, *, at, calendar, **kwargs):
        """Receive the filing (tiếp nhận): issue the receipt and set the due date in working days."""
        self.received_at = at
        self.receipt_number = ReceiptCounter.next_number(self.agency, timezone.localdate(at).year)
        self.due_date = calendar.add_working_days(timezone.localdate(at), self.procedure.processing_days)

    @transition(
        field=status,
        source=[S.SUBMITTED, S.IN_REVIEW],
        target=S.SUPPLEMENT_REQUESTED,
        **steps.REQUEST_SUPPLEMENT.guards,
    )
    def request_supplement(self, *, at, calendar, reason="", **kwargs):
        """Ask for missing or wrong documents (yêu cầu bổ sung); during processing the clock stops."""
        if self.status == S.IN_REVIEW:
            self.clock_stopped_at = at
            self.remaining_days = calendar.working_days_between(timezone.localdate(at), self.due_date)

    @transition(field=status, source=S.SUBMITTED, target=S.REFUSED, **steps.REFUSE.guards)
    def refuse(self, *, reason="", **kwargs):
        """Refuse at receipt (từ chối tiếp nhận), with the written reason."""

    @transition(field=status, source=S.RECEIVED, target=S.IN_REVIEW, **steps.START_REVIEW.guards)
    def start_review(self, **kwargs):
        """A specialist takes the filing up (thụ lý)."""

    @transition(field=status, source=S.IN_REVIEW, target=S.AWAITING_APPROVAL, **steps.PROPOSE.guards)
    def propose(self, *, proposal=Proposal.APPROVE, reason="", **kwargs):
        """Propose a decision to the leader (trình phê duyệt)."""
        if proposal not in Proposal.values:
            raise InvalidInput(
                _("Đề xuất phải là phê duyệt hoặc từ chối / The proposal must be approve or reject."),
                code="invalid_proposal",
                field="proposal",
            )
        self.proposal = proposal

    @transition(field=status, source=S.AWAITING_APPROVAL, target=S.APPROVED, **steps.APPROVE.guards)
    def approve(self, *, at, **kwargs):
        """The leader approves (phê duyệt); the filing is classified early, on time or late."""
        self._decide(at)

    @transition(field=status, source=S.AWAITING_APPROVAL, target=S.REJECTED, **steps.REJECT.guards)
    def reject(self, *, at, reason="", **kwargs):
        """The leader rejects (từ chối giải quyết), with the written reason."""
        self._decide(at)

    @transition(field=status, source=S.AWAITING_APPROVAL, target=S.IN_REVIEW, **steps.SEND_BACK.guards)
    def send_back(self, *, reason="", **kwargs):
        """The leader sends the filing back to the specialist (trả lại để xử lý tiếp)."""
        self.proposal = ""

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.RESULT_RETURNED,
        **steps.RETURN_RESULT.guards,
    )
    def return_result(self, *, at, **kwargs):
        """The desk returns the result (trả kết quả); timeliness was fixed at the decision."""
        self.result_returned_at = at

    @transition(field=status, source=list(WITHDRAWABLE_STATES), target=S.WITHDRAWN, **steps.WITHDRAW.guards)
    def withdraw(self, **kwargs):
        """The applicant withdraws a filing that is not yet decided (rút hồ sơ)."""

    def _decide(self, at):
        self.decided_at = at
        self.timeliness = rules.timeliness(at, self.due_date)


def locked_filings():
    """Filings to change under a row lock (``FOR UPDATE OF`` the filing's row only): a step, an upload or a
    payment reads the filing's procedure and agency with it but does not lock them. Locking them too (a
    plain ``select_for_update()`` over a join) made every step and every new filing of one agency wait on
    each other: an INSERT of a filing or event takes a key-share lock on the procedure it references."""
    return Filing.objects.select_for_update(of=("self",))


def document_upload_to(instance, filename):
    """A generated name: the given one is kept in ``original_name``, never used as a path."""
    return stored_name(f"filings/{instance.filing.code}", filename)


class FilingDocument(models.Model):
    """A document attached to a filing (thành phần hồ sơ đã nộp)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        "services.RequiredDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(
        _("nguồn"), max_length=10, choices=DocumentOrigin.choices, default=DocumentOrigin.UPLOADED
    )
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scanned_at = models.DateTimeField(_("số hóa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("giấy tờ đính kèm")
        verbose_name_plural = _("giấy tờ đính kèm")
        ordering = ["filing", "required_document__position", "id"]

    def __str__(self):
        return self.original_name


class ImmutableModel(models.Model):
    """A row that is written once: the history is never edited or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise InvalidInput(_("Lịch sử không được sửa / The history cannot be edited."), code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidInput(_("Lịch sử không được xóa / The history cannot be deleted."), code="immutable")


class FilingEvent(ImmutableModel):
    """One step in a filing's history: who moved it from which state to which, when and why."""

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("thao tác"), max_length=40)
    from_status = models.CharField(_("từ trạng thái"), max_length=24, choices=S.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=24, choices=S.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["filing", "at", "id"]
        indexes = [models.Index(fields=["to_status", "at"], name="event_status_at_idx")]

    def __str__(self):
        return f"{self.filing_id}: {self.from_status} → {self.to_status}"


class ApologySlip(ImmutableModel):
    """An apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả) owed to a late filing."""

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="apology_slips")
    new_due_date = models.DateField(_("ngày hẹn mới"))
    reason = models.TextField(_("lý do chậm"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("lập lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("phiếu xin lỗi")
        verbose_name_plural = _("phiếu xin lỗi")
        ordering = ["filing", "issued_at"]

    def __str__(self):
        return f"{self.filing_id} → {self.new_due_date:%d/%m/%Y}"


class ReceiptCounter(models.Model):
    """The last receipt number an agency issued in a year; locked to hand out the next one."""

    agency = models.ForeignKey("services.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="uniq_receipt_counter")]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last}"

    @classmethod
    def next_number(cls, agency, year):
        """The next receipt number, gapless per agency and year (call inside the transition's transaction)."""
        counter, _ = cls.objects.select_for_update().get_or_create(agency=agency, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return f"{agency.code}/{year}/{counter.last:06d}"
