"""A filing's page, shared by its applicant and the agency's officials: documents, timeline, the steps
the viewer may take now (django-fsm's available transitions, whose permissions are ``services.rules``),
and the printable slips and the result."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from services import selectors, services
from services.constants import CLOCK_RUNNING_STATES, FilingStatus, OnlineLevel, Proposal, Role, Timeliness
from services.exceptions import DomainError, InvalidInput
from services.rules import applicant_side

# What each step asks for, and its button; submit and resubmit happen on the filing form.
STEP_FORMS = {
    "receive": (gettext_lazy("Tiếp nhận hồ sơ"), ()),
    "request_supplement": (gettext_lazy("Yêu cầu bổ sung"), ("reason",)),
    "refuse": (gettext_lazy("Từ chối tiếp nhận"), ("reason",)),
    "start_review": (gettext_lazy("Thụ lý hồ sơ"), ()),
    "propose": (gettext_lazy("Trình phê duyệt"), ("proposal", "reason")),
    "approve": (gettext_lazy("Phê duyệt"), ()),
    "reject": (gettext_lazy("Từ chối giải quyết"), ("reason",)),
    "send_back": (gettext_lazy("Trả lại chuyên viên"), ("reason",)),
    "return_result": (gettext_lazy("Trả kết quả"), ()),
    "withdraw": (gettext_lazy("Rút hồ sơ"), ("reason",)),
}
REASON_LABELS = {
    "request_supplement": gettext_lazy("Giấy tờ còn thiếu hoặc cần sửa"),
    "withdraw": gettext_lazy("Lý do rút (không bắt buộc)"),
}

# A reason is asked for these but the rules only need it sometimes (a proposal to reject) or never.
REASON_OPTIONAL = ("withdraw", "propose")


def _filing(request, code):
    return get_object_or_404(
        selectors.visible_filings(request.user).select_related("procedure", "agency", "applicant"), code=code
    )


def available_steps(filing, user):
    """The steps ``user`` may take now, as django-fsm sees them (state, permission, conditions)."""
    names = {t.name for t in filing.get_available_user_status_transitions(user)}
    return [
        {
            "name": n,
            "label": label,
            "fields": fields,
            "reason_label": REASON_LABELS.get(n),
            "reason_required": n not in REASON_OPTIONAL,
        }
        for n, (label, fields) in STEP_FORMS.items()
        if n in names
    ]


def _may_issue_apology(filing, user):
    is_agency_official = user.agency_id == filing.agency_id and (
        user.has_role(Role.DESK) or user.has_role(Role.LEADER)
    )
    late = filing.timeliness == Timeliness.LATE or filing.is_overdue
    return is_agency_official and late and filing.status in (*CLOCK_RUNNING_STATES, FilingStatus.APPROVED)


@login_required
def filing_page(request, code):
    filing = _filing(request, code)
    user = request.user
    is_official = user.agency_id == filing.agency_id and filing.applicant_id != user.pk
    fee_due = filing.fee > 0 and filing.fee_settled_at is None
    return render(
        request,
        "portal/filing.html",
        {
            "filing": filing,
            "documents": filing.documents.select_related("required_document"),
            "events": filing.events.select_related("actor"),
            "slips": filing.apology_slips.all(),
            "steps": available_steps(filing, user),
            "proposals": Proposal.choices,
            "is_official": is_official,
            "can_edit": filing.status in (FilingStatus.DRAFT, FilingStatus.SUPPLEMENT_REQUESTED)
            and applicant_side(filing, user),
            "can_pay": fee_due and filing.applicant_id == user.pk and filing.status != FilingStatus.DRAFT,
            "can_counter_pay": fee_due
            and is_official
            and user.has_role(Role.DESK)
            and filing.procedure.online_level != OnlineLevel.FULL,  # full-process fees are paid online
            "can_apologise": _may_issue_apology(filing, user),
            "result_ready": filing.status == FilingStatus.RESULT_RETURNED
            and filing.procedure.online_level == OnlineLevel.FULL,
        },
    )


@login_required
@require_POST
def act(request, code, step):
    """Take one step; a refusal from the rules is shown on the filing page in the viewer's language."""
    filing = _filing(request, code)
    if step not in STEP_FORMS:
        raise Http404
    kwargs = {}
    fields = STEP_FORMS[step][1]
    if "reason" in fields:
        kwargs["reason"] = request.POST.get("reason", "").strip()
    if "proposal" in fields:
        kwargs["proposal"] = request.POST.get("proposal", Proposal.APPROVE)
    try:
        services.TRANSITIONS[step](filing=filing, actor=request.user, **kwargs)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Đã thực hiện: %(step)s.") % {"step": STEP_FORMS[step][0]})
    return redirect("portal:filing", code=code)


@login_required
@require_POST
def issue_apology(request, code):
    filing = _filing(request, code)
    try:
        try:
            new_due = date.fromisoformat(request.POST.get("new_due_date", ""))
        except ValueError as exc:
            raise InvalidInput(_("Ngày hẹn mới không hợp lệ.")) from exc
        slip = services.issue_apology_slip(
            filing=filing, actor=request.user, new_due_date=new_due, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("portal:filing", code=code)
    return redirect("portal:apology_slip", code=code, pk=slip.pk)


@login_required
def receipt_slip(request, code):
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả, for printing."""
    filing = _filing(request, code)
    if not filing.received_at:
        raise Http404
    return render(
        request,
        "portal/receipt_slip.html",
        {"filing": filing, "documents": filing.documents.select_related("required_document")},
    )


@login_required
def apology_slip(request, code, pk):
    filing = _filing(request, code)
    slip = get_object_or_404(filing.apology_slips.select_related("issued_by"), pk=pk)
    return render(request, "portal/apology_slip.html", {"filing": filing, "slip": slip})


@login_required
def document(request, code, pk):
    filing = _filing(request, code)
    doc = get_object_or_404(filing.documents, pk=pk)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)
