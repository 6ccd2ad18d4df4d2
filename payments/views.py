"""Pages and endpoints of online payment: start, the browser's return, the platform's callback."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payments import services
from payments.constants import Answer, CounterMethod
from payments.limits import HEADER_VALUE_MAX, limited_callback
from services import access, rules
from services.exceptions import DomainError

# Headers kept with a raw callback (the rest, e.g. cookies, are not the platform's business).
_KEPT_HEADERS = ("Content-Type", "Content-Length", "User-Agent", "X-Platform", "X-Forwarded-For")


@login_required
@require_http_methods(["GET", "POST"])
def start(request, code):
    """GET: the fee and a button; POST: create the order and send the applicant to the platform.
    A filing the user may not see answers 404, as on every door."""
    filing = get_object_or_404(access.visible_filings(request.user), code=code)
    if request.method == "GET":  # the button only where the service would accept it
        refusal = rules.online_payment_refusal(filing, request.user)
        return render(
            request, "payments/start.html", {"filing": filing, "refusal": refusal and refusal.as_dict()}
        )
    try:
        payment = services.start_online_payment(filing=filing, actor=request.user)
    except DomainError as exc:
        return render(
            request, "payments/error.html", {"error": exc.as_dict(), "filing": filing}, status=exc.http_status
        )
    return HttpResponseRedirect(payment.payment_url)


@login_required
@require_http_methods(["GET", "POST"])
def counter(request, code):
    """The desk officer records a fee paid at the desk (thu phí trực tiếp) with its receipt number.
    A filing the user may not see answers 404, as on every door."""
    filing = get_object_or_404(access.visible_filings(request.user), code=code)
    refusal = rules.counter_payment_refusal(filing, request.user)  # the form only where it would be accepted
    context = {"filing": filing, "methods": CounterMethod.choices, "refusal": refusal and refusal.as_dict()}
    if request.method == "POST":
        try:
            context["payment"] = services.record_counter_payment(
                filing=filing,
                actor=request.user,
                receipt_number=request.POST.get("receipt_number", ""),
                method=request.POST.get("method", CounterMethod.CASH),
            )
        except DomainError as exc:
            context["error"] = exc.as_dict()
            return render(request, "payments/counter.html", context, status=exc.http_status)
    return render(request, "payments/counter.html", context)


@require_GET
def browser_return(request):
    """Where the platform sends the browser back. The signature is checked and the platform asked."""
    payment = services.handle_return(params=request.GET, remote_addr=request.META.get("REMOTE_ADDR"))
    return render(request, "payments/return.html", {"payment": payment}, status=200 if payment else 400)


@csrf_exempt
@require_POST
@limited_callback
def callback(request):
    """The platform's server-to-server message; answered with the platform's codes (``00`` = received).

    Also the body of ``POST /api/v1/payments/callback/`` (a DRF request proxies ``body``, ``headers`` and
    ``META``, and its parsers are never run: the signature is checked over the raw bytes)."""
    headers = {k: v[:HEADER_VALUE_MAX] for k, v in request.headers.items() if k in _KEPT_HEADERS}
    answer = services.handle_callback(
        body=request.body.decode("utf-8", errors="replace"),
        headers=headers,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    return JsonResponse(
        {"code": answer, "message": Answer(answer).label}, status=200 if answer == Answer.OK else 400
    )
