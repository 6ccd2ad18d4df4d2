"""The steps of the one-stop shop, in one table.

Each row says, for one step: its name (the :class:`~services.models.Filing` transition method, the
service in :data:`services.services.TRANSITIONS` and the API action ``POST filings/{code}/<name>/``), its
button label, who may take it and on what condition (the predicates of :mod:`services.rules`, which the
transition decorators read from here), whether it needs a reason, and which form fields it takes.

The transition decorators (source and target states), the filing page's buttons, the API's request
bodies, the services' reason check and ``describe_workflow`` (``docs/workflow.md``) all read this table;
nothing else lists the steps.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from services import rules
from services.constants import FilingStatus as S
from services.constants import Proposal
from services.exceptions import InvalidInput


class Kind(StrEnum):
    """How a step's button looks and whether it asks first (USWDS: primary, outline, secondary = red)."""

    PRIMARY = "primary"  # the next step of the one-stop shop
    SECONDARY = "secondary"  # another way forward (ask for a supplement, send back)
    WARNING = "warning"  # ends or undoes the filing: asks for confirmation and its reason in one dialog


class Reason(StrEnum):
    """Whether a step needs a written reason."""

    NONE = "no"
    OPTIONAL = "optional"
    REQUIRED = "yes"
    TO_REJECT = "when proposing to reject"


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    who: object  # a permission of services.rules: (filing, user) -> bool
    conditions: tuple = ()
    reason: Reason = Reason.NONE
    missing_reason: Promise | None = None  # the message when a needed reason is missing
    reason_label: Promise | None = None  # the reason field's label, when not the plain "Lý do"
    proposal: bool = False  # the step takes a proposal (approve / reject)
    on_filing_form: bool = False  # taken from the filing form (submit, resubmit), not a button on its page
    kind: Kind = Kind.PRIMARY
    done: Promise | None = None  # the timeline's line once taken: who did what ("Công dân bổ sung hồ sơ")

    def __post_init__(self):
        if (self.reason in (Reason.REQUIRED, Reason.TO_REJECT)) != (self.missing_reason is not None):
            raise ValueError(f"{self.name}: a step that needs a reason says what to write, and only then")

    @property
    def fields(self):
        """The form fields (and API body fields) the step takes."""
        return (
            *(("proposal",) if self.proposal else ()),
            *(("reason",) if self.reason != Reason.NONE else ()),
        )

    @property
    def needs_confirmation(self):
        """A warning step is posted from its page only with the confirmation ticked (``confirm``)."""
        return self.kind == Kind.WARNING

    @property
    def reason_required(self):
        """A reason is needed whatever else is sent (the form marks the field required)."""
        return self.reason == Reason.REQUIRED

    @property
    def guards(self):
        """The permission and conditions, for the transition decorator."""
        return {"permission": self.who, "conditions": list(self.conditions)}

    def needs_reason(self, arguments):
        if self.reason == Reason.TO_REJECT:
            return arguments.get("proposal") == Proposal.REJECT
        return self.reason == Reason.REQUIRED

    def check_arguments(self, arguments):
        """Refuse a missing reason (400), after the state, role and conditions have been checked."""
        if self.needs_reason(arguments) and not (arguments.get("reason") or "").strip():
            raise InvalidInput(self.missing_reason, code="reason_required", field="reason")


SUBMIT = Step(
    "submit",
    _("Nộp hồ sơ"),
    rules.applicant_side,
    conditions=(rules.mandatory_documents_attached,),
    on_filing_form=True,
    done=_("Công dân nộp hồ sơ / The applicant submitted the filing"),
)
RESUBMIT = Step(
    "resubmit",
    _("Nộp bổ sung"),
    rules.applicant_side,
    conditions=(rules.mandatory_documents_attached,),
    on_filing_form=True,
    done=_("Công dân bổ sung hồ sơ / The applicant supplemented the filing"),
)
RECEIVE = Step(
    "receive",
    _("Tiếp nhận hồ sơ"),
    rules.desk_officer,
    done=_("Cán bộ một cửa tiếp nhận hồ sơ / The desk officer received the filing"),
)
REQUEST_SUPPLEMENT = Step(
    "request_supplement",
    _("Yêu cầu bổ sung"),
    rules.supplement_requester,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi rõ giấy tờ còn thiếu / Say which documents are missing."),
    reason_label=_("Giấy tờ còn thiếu hoặc cần sửa"),
    kind=Kind.SECONDARY,
    done=_("Cán bộ yêu cầu bổ sung hồ sơ / The agency asked for a supplement"),
)
REFUSE = Step(
    "refuse",
    _("Từ chối tiếp nhận"),
    rules.desk_officer,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi lý do từ chối / A reason for the refusal is required."),
    kind=Kind.WARNING,
    done=_("Cán bộ một cửa từ chối tiếp nhận hồ sơ / The desk officer refused the filing"),
)
START_REVIEW = Step(
    "start_review",
    _("Thụ lý hồ sơ"),
    rules.specialist,
    done=_("Chuyên viên thụ lý hồ sơ / The specialist took up the filing"),
)
PROPOSE = Step(
    "propose",
    _("Trình phê duyệt"),
    rules.specialist,
    reason=Reason.TO_REJECT,
    missing_reason=_("Cần ghi lý do đề xuất từ chối / A reason to reject is required."),
    proposal=True,
    done=_("Chuyên viên trình lãnh đạo phê duyệt / The specialist proposed a decision"),
)
APPROVE = Step(
    "approve",
    _("Phê duyệt"),
    rules.leader,
    done=_("Lãnh đạo phê duyệt hồ sơ / The leader approved the filing"),
)
REJECT = Step(
    "reject",
    _("Từ chối giải quyết"),
    rules.leader,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi lý do từ chối / A reason for the rejection is required."),
    kind=Kind.WARNING,
    done=_("Lãnh đạo từ chối giải quyết hồ sơ / The leader rejected the filing"),
)
SEND_BACK = Step(
    "send_back",
    _("Trả lại chuyên viên"),
    rules.leader,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi lý do trả lại / Say why the filing is sent back."),
    kind=Kind.SECONDARY,
    done=_("Lãnh đạo trả lại hồ sơ cho chuyên viên / The leader sent the filing back to the specialist"),
)
RETURN_RESULT = Step(
    "return_result",
    _("Trả kết quả"),
    rules.desk_officer,
    conditions=(rules.fee_settled,),
    done=_("Cán bộ một cửa trả kết quả / The desk officer returned the result"),
)
WITHDRAW = Step(
    "withdraw",
    _("Rút hồ sơ"),
    rules.applicant_side,
    reason=Reason.OPTIONAL,
    reason_label=_("Lý do rút (không bắt buộc)"),
    kind=Kind.WARNING,
    done=_("Người nộp rút hồ sơ / The applicant withdrew the filing"),
)

STEPS = {
    s.name: s
    for s in (
        SUBMIT,
        RESUBMIT,
        RECEIVE,
        REQUEST_SUPPLEMENT,
        REFUSE,
        START_REVIEW,
        PROPOSE,
        APPROVE,
        REJECT,
        SEND_BACK,
        RETURN_RESULT,
        WITHDRAW,
    )
}


def available(filing, user):
    """The steps ``user`` may take on ``filing`` now, in the table's order: django-fsm's available
    transitions, i.e. the state, then the table's permission and conditions (what the services check)."""
    names = {t.name for t in filing.get_available_user_status_transitions(user)}
    return [step for step in STEPS.values() if step.name in names]


def done_label(action):
    """The timeline's line for an event's action (the step's ``done``), or ``None`` for an action that is
    not a step of the table (then the page shows the new status alone)."""
    step = STEPS.get(action)
    return step.done if step else None


@dataclass(frozen=True)
class Stage:
    """One segment of the filing page's stepper (nộp → tiếp nhận → xử lý → phê duyệt → trả kết quả)."""

    label: Promise
    statuses: tuple


STAGES = (
    Stage(_("Nộp hồ sơ / Submitted"), (S.DRAFT, S.SUBMITTED, S.SUPPLEMENT_REQUESTED)),
    Stage(_("Tiếp nhận / Received"), (S.RECEIVED,)),
    Stage(_("Xử lý / Processing"), (S.IN_REVIEW, S.AWAITING_APPROVAL)),
    Stage(_("Phê duyệt / Approved"), (S.APPROVED,)),
    Stage(_("Trả kết quả / Result returned"), (S.RESULT_RETURNED,)),
)


def stage_index(status):
    """The stepper's segment a status belongs to (a closed status has none: see ``stepper``)."""
    return next((i for i, stage in enumerate(STAGES) if status in stage.statuses), None)


def stepper(filing, last_open_status=None):
    """The stepper's segments as ``[(label, state)]``, state one of ``complete``, ``current``, ``todo``.

    A closed filing (refused, rejected, withdrawn) stops at the segment it was in when it closed
    (``last_open_status``, the event's ``from_status``), shown as current, the rest to do."""
    current = stage_index(filing.status)
    if current is None:
        current = stage_index(last_open_status) or 0
    done_all = filing.status == S.RESULT_RETURNED
    return [
        (
            stage.label,
            "complete" if i < current or done_all else "current" if i == current else "todo",
        )
        for i, stage in enumerate(STAGES)
    ]
