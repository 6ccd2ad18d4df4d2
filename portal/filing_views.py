"""A filing's page, shared by its applicant and the agency's officials: documents, timeline, the steps
the viewer may take now (the steps' table, :mod:`services.steps`, through django-fsm's available
transitions), payment and apology-slip links offered by the same rule functions the services enforce,
and the printable slips and the result."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from services import access, ratings, rules, selectors, services
from services.constants import FilingStatus, Proposal, Rating
from services.exceptions import DomainError, InvalidInput
from services.steps import STEPS, available, done_label, stepper


def _filing(request, code):
    return get_object_or_404(
        selectors.visible_filings(request.user).select_related("procedure", "agency", "applicant", "rating"),
        code=code,
    )


def page_steps(filing, user):
    """The buttons of the filing page: the steps ``user`` may take now, except those of the filing form."""
    return [step for step in available(filing, user) if not step.on_filing_form]


def documents_by_type(filing):
    """Each required document's files, the current one (the last attached) first, then the ones it
    superseded; a file attached to no required document is its own row."""
    rows = {}
    for doc in filing.documents.select_related("required_document"):
        rows.setdefault(doc.required_document_id or f"doc-{doc.pk}", []).append(doc)
    return [
        {"required": docs[-1].required_document, "current": docs[-1], "superseded": docs[-2::-1]}
        for docs in rows.values()
    ]


def timeline(events):
    """Each event with the line that names its action ("Công dân bổ sung hồ sơ"), from the steps' table."""
    return [{"event": e, "label": done_label(e.action) or e.get_to_status_display()} for e in events]


def _context(request, filing, **extra):
    user = request.user
    events = list(filing.events.select_related("actor"))
    last_from = events[-1].from_status if events else None
    supplement = None
    if filing.status == FilingStatus.SUPPLEMENT_REQUESTED:
        supplement = next((e for e in reversed(events) if e.to_status == filing.status), None)
    return {
        "filing": filing,
        "documents": documents_by_type(filing),
        "events": timeline(events),
        "stepper": stepper(filing, last_from),
        "closed": rules.is_closed(filing),
        "supplement": supplement,
        "slips": filing.apology_slips.all(),
        "steps": page_steps(filing, user),
        "proposals": Proposal.choices,
        "can_edit": rules.may_attach_documents(filing, user),
        "can_pay": rules.may_pay_online(filing, user),
        "can_counter_pay": rules.may_record_counter_payment(filing, user),
        "can_apologise": rules.may_issue_apology(filing, user),
        "result_ready": rules.result_available(filing),
        **_rating_context(filing, user),
        **extra,
    }


@login_required
def filing_page(request, code):
    """What the page offers is what the services would accept: each offer asks the rule's one function."""
    filing = _filing(request, code)
    return render(request, "portal/filing.html", _context(request, filing))


def _rating_context(filing, user):
    """The rating form, offered when ``services.rules.rating_refusal`` would accept it; the applicant sees
    their rating after the window too."""
    rating = getattr(filing, "rating", None)
    mine = rating if rating is not None and access.may_rate(user, filing) else None
    return {
        "can_rate": rules.may_rate(filing, user),
        "rating": mine,
        "rating_deadline": rules.rating_change_deadline(mine) if mine else None,
        "rating_choices": Rating.choices,
    }


@login_required
@require_POST
def rate(request, code):
    """Give or change the rating from the filing page; a refusal comes back to the page as a message."""
    filing = _filing(request, code)
    try:
        ratings.rate_filing(
            filing=filing,
            actor=request.user,
            value=request.POST.get("value", ""),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Cảm ơn bạn đã đánh giá / Thank you for your rating."))
    return redirect("portal:filing", code=code)


@login_required
@require_POST
def act(request, code, step):
    """Take one step; a refusal from the rules is shown on the filing page in the viewer's language.

    A warning step (refuse, reject, withdraw) comes with its confirmation ticked, in the same dialog as
    its reason; without it nothing is taken and the page answers 400 with the form open again."""
    filing = _filing(request, code)
    row = STEPS.get(step)
    if row is None or row.on_filing_form:
        raise Http404
    kwargs = {}
    if "reason" in row.fields:
        kwargs["reason"] = request.POST.get("reason", "").strip()
    if "proposal" in row.fields:
        kwargs["proposal"] = request.POST.get("proposal", Proposal.APPROVE)
    if row.needs_confirmation and request.POST.get("confirm") != "1":
        message = _(
            "%(step)s chưa được thực hiện: hãy đánh dấu ô xác nhận / %(step)s was not taken: tick the confirmation box."
        )
        context = _context(
            request, filing, unconfirmed=row.name, posted_reason=kwargs.get("reason", ""),
            refusal=message % {"step": row.label},
        )  # fmt: skip
        return render(request, "portal/filing.html", context, status=400)
    try:
        services.TRANSITIONS[step](filing=filing, actor=request.user, **kwargs)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Đã thực hiện: %(step)s.") % {"step": row.label})
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
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:  # a seeded record (demo.seed_records) whose file was never stored
        raise Http404(_("Tệp không còn được lưu / The file is not stored.")) from None
    return FileResponse(handle, as_attachment=True, filename=doc.original_name)
