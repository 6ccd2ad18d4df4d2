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
from services.constants import Proposal
from services.exceptions import InvalidInput


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
)
RESUBMIT = Step(
    "resubmit",
    _("Nộp bổ sung"),
    rules.applicant_side,
    conditions=(rules.mandatory_documents_attached,),
    on_filing_form=True,
)
RECEIVE = Step("receive", _("Tiếp nhận hồ sơ"), rules.desk_officer)
REQUEST_SUPPLEMENT = Step(
    "request_supplement",
    _("Yêu cầu bổ sung"),
    rules.supplement_requester,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi rõ giấy tờ còn thiếu / Say which documents are missing."),
    reason_label=_("Giấy tờ còn thiếu hoặc cần sửa"),
)
REFUSE = Step(
    "refuse",
    _("Từ chối tiếp nhận"),
    rules.desk_officer,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi lý do từ chối / A reason for the refusal is required."),
)
START_REVIEW = Step("start_review", _("Thụ lý hồ sơ"), rules.specialist)
PROPOSE = Step(
    "propose",
    _("Trình phê duyệt"),
    rules.specialist,
    reason=Reason.TO_REJECT,
    missing_reason=_("Cần ghi lý do đề xuất từ chối / A reason to reject is required."),
    proposal=True,
)
APPROVE = Step("approve", _("Phê duyệt"), rules.leader)
REJECT = Step(
    "reject",
    _("Từ chối giải quyết"),
    rules.leader,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi lý do từ chối / A reason for the rejection is required."),
)
SEND_BACK = Step(
    "send_back",
    _("Trả lại chuyên viên"),
    rules.leader,
    reason=Reason.REQUIRED,
    missing_reason=_("Cần ghi lý do trả lại / Say why the filing is sent back."),
)
RETURN_RESULT = Step("return_result", _("Trả kết quả"), rules.desk_officer, conditions=(rules.fee_settled,))
WITHDRAW = Step(
    "withdraw",
    _("Rút hồ sơ"),
    rules.applicant_side,
    reason=Reason.OPTIONAL,
    reason_label=_("Lý do rút (không bắt buộc)"),
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
