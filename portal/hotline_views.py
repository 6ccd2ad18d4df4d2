"""Tổng đài 1022 on the portal: a citizen's feedback (phản ánh, kiến nghị) and its answers; the officials'
list of items to answer, answered in place (htmx) or by a plain form post."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline import selectors as hotline_selectors
from hotline import services as hotline
from hotline.models import HotlineFeedback
from portal.htmx import is_htmx, render_in_place
from services import selectors
from services.exceptions import DomainError
from services.models import Procedure
from services.params import choice_param
from services.portal_scope import portal_agencies

PAGE_SIZE = 25
STATES = ("pending", "answered")


def _citizen(user):
    if not user.personal_id:
        raise PermissionDenied
    return user


@login_required
def my_feedback(request):
    """My feedback and its answers, and the form to send one (about one of my filings, or to an agency)."""
    user = _citizen(request.user)
    filings = selectors.applicant_filings(user).order_by("-created_at")  # this portal's province
    values = request.POST if request.method == "POST" else {"filing": request.GET.get("filing", "")}
    agencies = (
        portal_agencies()
        .filter(Exists(Procedure.objects.filter(agency=OuterRef("pk"), is_active=True)))
        .select_related("province")
        .order_by("province__name", "name")
    )
    context = {
        "filings": filings,
        "agencies": agencies,
        "values": values,
        "max_length": hotline.SUBJECT_MAX_LENGTH,
        "verdicts": HotlineFeedback.Verdict.choices,
    }
    status = 200
    if request.method == "POST":
        filing_code, agency_id = values.get("filing", ""), values.get("agency", "")
        try:
            hotline.send_feedback(
                citizen=user,
                subject=values.get("subject", ""),
                filing=get_object_or_404(filings, code=filing_code) if filing_code else None,
                agency=get_object_or_404(agencies, pk=agency_id) if agency_id.isdigit() else None,
            )
        except DomainError as exc:
            context["error"], status = str(exc.message), exc.http_status
        else:
            messages.success(request, _("Đã gửi phản ánh."))
            return redirect("portal:my_feedback")
    page = Paginator(hotline_selectors.my_feedback(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/my_feedback.html", {**context, "page": page}, status=status)


@login_required
@require_POST
def verdict(request, pk):
    """The sender's verdict on an answered item (hài lòng / không hài lòng), once; back to my feedback."""
    user = _citizen(request.user)
    item = get_object_or_404(hotline_selectors.my_feedback(user), pk=pk)  # another's item: 404
    try:
        hotline.give_verdict(item=item, citizen=user, verdict=request.POST.get("verdict", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Cảm ơn bạn đã đánh giá / Thank you for your rating."))
    return redirect("portal:my_feedback")


def _answerer(user):
    if not hotline_selectors.may_answer_feedback(user):
        raise PermissionDenied
    return user


def _worklist(request, user, *, error=None, status=200):
    state = choice_param(request.GET, "state", STATES)
    items = hotline_selectors.feedback_worklist(user, state)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "state": state, "query": query.urlencode(), "error": error}
    return render_in_place(
        request, "portal/feedback_queue.html", "portal/_feedback_results.html", context, status=status
    )


@login_required
def feedback_queue(request):
    """The items I may answer: pending first, oldest first; filter pending / answered."""
    return _worklist(request, _answerer(request.user))


@login_required
@require_POST
def answer(request, pk):
    """Answer one item: htmx swaps the item in place (the error too); a plain post comes back to the list."""
    user = _answerer(request.user)
    item = get_object_or_404(hotline_selectors.answerable_feedback(user), pk=pk)
    error, status = None, 200
    try:
        item = hotline.answer_feedback(item=item, actor=user, answer=request.POST.get("answer", ""))
    except DomainError as exc:
        error, status = str(exc.message), exc.http_status
        item.refresh_from_db()
    if is_htmx(request):
        context = {"item": item, "error": error, "answer": request.POST.get("answer", "")}
        return render(request, "portal/_feedback_item.html", context, status=status)
    if error:
        return _worklist(request, user, error=error, status=status)
    messages.success(request, _("Đã trả lời phản ánh."))
    return redirect("portal:feedback_queue")
