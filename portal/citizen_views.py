"""A citizen's pages: file (draft, documents, submit, resubmit), my filings, the repository."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import selectors as portal_selectors
from portal import services as portal_services
from services import access, selectors, services
from services.constants import DOCUMENTS_OPEN_STATES, FilingStatus
from services.exceptions import ConditionNotMet, DomainError


@login_required
@require_POST
def start_filing(request, pk):
    """Open a draft for the signed-in citizen and go to its form."""
    proc = get_object_or_404(selectors.catalog(), pk=pk)
    user = request.user
    try:
        filing = services.create_filing(
            procedure=proc,
            actor=user,
            applicant_name=user.get_full_name() or user.username,
            applicant_personal_id=user.personal_id or "",
            applicant_phone=user.phone,
            applicant_email=user.email,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("portal:procedure", pk=pk)
    return redirect("portal:edit_filing", code=filing.code)


def _editable_filing(request, code):
    """A visible filing in a state that takes documents (who may attach them, the service decides:
    ``services.rules.attachment_refusal``)."""
    return get_object_or_404(
        selectors.visible_filings(request.user).filter(status__in=DOCUMENTS_OPEN_STATES), code=code
    )


def _attach_from_form(request, filing):
    """Each required document: a new file (kept in the repository too) or one picked from it."""
    is_citizen = access.is_citizen(request.user) and filing.applicant_id == request.user.pk
    attached = 0
    for required in filing.procedure.required_documents.all():
        upload = request.FILES.get(f"file_{required.pk}")
        reuse = request.POST.get(f"reuse_{required.pk}")
        if upload:
            document = services.attach_document(
                filing=filing, actor=request.user, uploaded_file=upload, required_document=required
            )
            if is_citizen:
                portal_services.keep_in_repository(owner=request.user, document=document, title=required.name)
            attached += 1
        elif reuse and is_citizen:
            personal = get_object_or_404(portal_selectors.repository(request.user), pk=reuse)
            portal_services.attach_from_repository(
                filing=filing, actor=request.user, personal_document=personal, required_document=required
            )
            attached += 1
    return attached


def _form_context(request, filing, errors=None):
    """The form's rows: each required document with its files, the current one (the last attached) first
    and those it superseded after, and the error naming it when the submission lacked it."""
    attached = {}
    for doc in filing.documents.all():
        attached.setdefault(doc.required_document_id, []).append(doc)
    rows = [
        {
            "required": r,
            "current": (attached.get(r.pk) or [None])[-1],
            "superseded": attached.get(r.pk, [])[-2::-1],
            "error": (errors or {}).get(r.pk),
        }
        for r in filing.procedure.required_documents.all()
    ]
    is_citizen = filing.applicant_id == request.user.pk
    return {
        "filing": filing,
        "rows": rows,
        "errors": errors,
        "repository": portal_selectors.repository(request.user) if is_citizen else [],
        "last_supplement": filing.events.filter(to_status=FilingStatus.SUPPLEMENT_REQUESTED).last(),
    }


def _missing_errors(filing):
    """The error of each mandatory document the filing lacks (the rule's own list:
    ``Filing.missing_mandatory_documents``, what ``rules.mandatory_documents_attached`` asks)."""
    message = _(
        "Chưa đính kèm “%(document)s”: giấy tờ này là bắt buộc / “%(document)s” is missing: it is mandatory."
    )
    return {d.pk: message % {"document": d.name} for d in filing.missing_mandatory_documents()}


@login_required
def edit_filing(request, code):
    """The filing form built from the procedure's required documents: save the draft, submit, resubmit.

    A submission that lacks a mandatory document answers 400 with the error on that document's field."""
    filing = _editable_filing(request, code)
    if request.method == "POST":
        try:
            _attach_from_form(request, filing)
            intent = request.POST.get("intent", "save")
            if intent == "submit":
                step = "resubmit" if filing.status == FilingStatus.SUPPLEMENT_REQUESTED else "submit"
                services.TRANSITIONS[step](filing=filing, actor=request.user)
                messages.success(request, _("Đã nộp hồ sơ."))
                return redirect("portal:filing", code=filing.code)
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("portal:edit_filing", code=filing.code)
        except DomainError as exc:
            missing = _missing_errors(filing) if isinstance(exc, ConditionNotMet) else None
            if missing:
                context = _form_context(request, filing, missing)
                return render(request, "portal/filing_form.html", context, status=400)
            messages.error(request, str(exc.message))
            return redirect("portal:edit_filing", code=filing.code)
    return render(request, "portal/filing_form.html", _form_context(request, filing))


@login_required
def my_filings(request):
    filings = selectors.applicant_filings(request.user)
    page = Paginator(filings.order_by("-created_at"), 20).get_page(request.GET.get("page"))
    return render(request, "portal/my_filings.html", {"page": page})


@login_required
def repository(request):
    return render(request, "portal/repository.html", {"documents": portal_selectors.repository(request.user)})
