"""Officials' pages: the queue of the agency for my role, and the counter intake of walk-ins."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from portal.htmx import render_in_place
from services import access, rules, selectors
from services.constants import FilingStatus, Role
from services.exceptions import DomainError
from services.intake import intake_walk_in
from services.models import Filing
from services.params import choice_param, cursor_param, id_param

PAGE_SIZE = 25
DUE_SOON_DAYS = 2


def _official(user):
    if not access.is_official(user):
        raise PermissionDenied
    return user


@login_required
def queue(request):
    """My agency's filings for my role, nearest due date first, in keyset pages (``services.paging``: the
    ``filing_agency_due_idx`` index gives the order, a deep page costs what the first does, the count stops
    at ``QUEUE_COUNT_CAP``); search by code, applicant or personal ID. The filters and the pages update
    the results in place (htmx), or load the whole page without it."""
    user = _official(request.user)
    filings = selectors.official_queue(user)
    pager = selectors.queue_pager(PAGE_SIZE)
    cursor = cursor_param(request.GET, "cursor", pager, Filing)
    states = sorted(selectors.queue_states(user))
    status = choice_param(request.GET, "status", FilingStatus.values)
    if status:
        filings = filings.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        filings = filings.filter(
            Q(code__istartswith=q) | Q(applicant_personal_id=q) | Q(applicant_name__icontains=q)
        )
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        filings = filings.filter(rules.overdue_filter(today))
    procedure = id_param(request.GET, "procedure")
    if procedure:
        filings = filings.filter(procedure_id=procedure)
    page = pager.page(filings, cursor)
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("page", None)
    return render_in_place(
        request,
        "portal/queue.html",
        "portal/_queue_results.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "overdue": overdue,
            "statuses": [(s, FilingStatus(s).label) for s in states],
            "procedure": procedure,
            "procedures": selectors.agency_procedures(user.agency_id),
            "today": today,
            "soon": today + timedelta(days=DUE_SOON_DAYS),
            "query": query.urlencode(),
        },
    )


@login_required
def intake(request):
    """The desk enters a walk-in's filing (channel counter) with its scans of the procedure's documents
    (chosen first: ``?procedure=``), then attaches what is missing and submits it."""
    user = _official(request.user)
    if not user.has_role(Role.DESK):
        raise PermissionDenied
    procedures = selectors.agency_procedures(user.agency_id)
    chosen = id_param(request.POST if request.method == "POST" else request.GET, "procedure")
    proc = get_object_or_404(procedures, pk=chosen) if chosen else None
    required = list(proc.required_documents.all()) if proc else []
    context = {"procedures": procedures, "values": request.POST, "chosen": proc, "required": required}
    if request.method == "POST":
        if proc is None:
            raise Http404
        scans = [(r, request.FILES[f"scan_{r.pk}"]) for r in required if request.FILES.get(f"scan_{r.pk}")]
        try:
            filing = intake_walk_in(
                procedure=proc,
                actor=user,
                scans=scans,
                applicant_name=request.POST.get("applicant_name", "").strip(),
                applicant_personal_id=request.POST.get("applicant_personal_id", "").strip(),
                applicant_phone=request.POST.get("applicant_phone", "").strip(),
                applicant_address=request.POST.get("applicant_address", "").strip(),
            )
        except DomainError as exc:
            context["error"] = str(exc.message)
            return render(request, "portal/intake.html", context, status=exc.http_status)
        messages.success(request, str(filing.code))
        return redirect("portal:edit_filing", code=filing.code)
    return render(request, "portal/intake.html", context)
