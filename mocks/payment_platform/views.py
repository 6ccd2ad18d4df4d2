"""The mock platform's HTTP face: merchant API (signed), the pay page, and switches for tests and demos."""

import json
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mocks.payment_platform import engine
from mocks.payment_platform.models import FAULTS, GlobalFaults, Order
from payments import signing


def _error(status, code, message):
    return JsonResponse({"code": code, "message": message}, status=status)


def _signed_request(request):
    """The merchant's signed fields, or None (wrong merchant, signature or timestamp)."""
    try:
        fields = json.loads(request.body) if request.method == "POST" else dict(request.GET.items())
        signing.verify(
            fields, settings.PAYMENT_PLATFORM_SECRET, tolerance=settings.PAYMENT_SIGNATURE_TOLERANCE
        )
    except (ValueError, signing.SignatureError):
        return None
    if not isinstance(fields, dict) or fields.get("merchant") != settings.PAYMENT_MERCHANT_CODE:
        return None
    return fields


def _return_url(order):
    query = urlencode(engine.sign_result(engine.result_fields(order)))
    return f"{order.return_url}{'&' if '?' in order.return_url else '?'}{query}"


@csrf_exempt
@require_POST
def create_order(request):
    if "down" in GlobalFaults.current():
        return _error(503, "99", "platform unavailable")
    fields = _signed_request(request)
    if fields is None:
        return _error(401, "01", "bad signature")
    try:
        amount = int(fields["amount"])
        expires_at = datetime.fromtimestamp(int(fields["expires_at"]), tz=UTC)
        order, _created = Order.objects.get_or_create(
            order_id=fields["order_id"],
            defaults={
                "merchant": fields["merchant"],
                "amount": amount,
                "currency": fields["currency"],
                "description": str(fields.get("description", ""))[:300],
                "return_url": fields["return_url"],
                "callback_url": fields["callback_url"],
                "expires_at": expires_at,
            },
        )
    except (KeyError, TypeError, ValueError):
        return _error(400, "06", "malformed order")
    if amount <= 0 or fields["currency"] != "VND" or order.amount != amount:
        return _error(400, "04", "bad amount or currency")
    pay_url = request.build_absolute_uri(reverse("mock_payment:pay_page", args=[order.order_id]))
    return JsonResponse(
        {"order_id": order.order_id, "payment_url": pay_url, "expires_at": int(order.expires_at.timestamp())},
        status=201,
    )


@require_http_methods(["GET", "POST"])
def pay_page(request, order_id):
    """The applicant's page: pay or cancel, then the browser goes back to the portal."""
    order = get_object_or_404(Order, order_id=order_id)
    if request.method == "POST":
        order = engine.settle(order_id=order_id, action=request.POST.get("action", "cancel"))
        engine.deliver_in_background(order.order_id)
        return HttpResponseRedirect(_return_url(order))
    return render(request, "mock_payment/pay.html", {"order": order})


@csrf_exempt
@require_POST
def pay_api(request, order_id):
    """The same as the page, for scripts and tests: callbacks go out (once each) before the answer."""
    get_object_or_404(Order, order_id=order_id)
    action = json.loads(request.body or "{}").get("action", "pay")
    order = engine.settle(order_id=order_id, action=action)
    engine.deliver_due(order_id=order_id)
    return JsonResponse({"status": order.status, "return_url": _return_url(order)})


@require_GET
def order_status(request, order_id):
    fields = _signed_request(request)
    if fields is None or fields.get("order_id") != order_id:
        return _error(401, "01", "bad signature")
    order = get_object_or_404(Order, order_id=order_id, merchant=fields["merchant"])
    return JsonResponse(engine.sign_result(engine.result_fields(order)))


@csrf_exempt
@require_POST
def refund(request):
    fields = _signed_request(request)
    if fields is None:
        return _error(401, "01", "bad signature")
    try:
        made = engine.refund(
            order_id=fields["order_id"],
            refund_id=fields["refund_id"],
            amount=int(fields["amount"]),
            callback_url=fields["callback_url"],
        )
    except Order.DoesNotExist:
        return _error(404, "02", "unknown order")
    except (KeyError, TypeError, ValueError):
        return _error(400, "04", "nothing to refund")
    engine.deliver_due(order_id=fields["order_id"])
    return JsonResponse({"refund_id": made.refund_id, "amount": made.amount, "status": "accepted"})


@require_GET
def transactions(request):
    """The daily list for reconciliation: orders paid on that day (Asia/Ho_Chi_Minh)."""
    fields = _signed_request(request)
    if fields is None:
        return _error(401, "01", "bad signature")
    try:
        day = date.fromisoformat(fields["date"])
    except (KeyError, ValueError):
        return _error(400, "06", "date expected as YYYY-MM-DD")
    tz = timezone.get_current_timezone()
    rows = [
        {"order_id": o.order_id, "amount": o.amount, "transaction_id": o.transaction_id}
        for o in Order.objects.filter(merchant=fields["merchant"], paid_at__isnull=False).order_by("paid_at")
        if timezone.localtime(o.paid_at, tz).date() == day
    ]
    return JsonResponse({"date": day.isoformat(), "transactions": rows})


# --- switches for tests and demos (no signature: they stand for the platform operator) ---------------
@csrf_exempt
@require_POST
def set_faults(request, order_id=None):
    faults = json.loads(request.body or "{}").get("faults", [])
    if not isinstance(faults, list) or not set(faults) <= set(FAULTS):
        return _error(400, "06", f"faults are a list of {', '.join(FAULTS)}")
    if order_id is None:
        GlobalFaults.objects.update_or_create(pk=1, defaults={"faults": faults})
    elif not Order.objects.filter(order_id=order_id).update(faults=faults):
        raise Http404
    return JsonResponse({"faults": faults})


@csrf_exempt
@require_POST
def deliver(request):
    """Send the held (``late``) and backed-off callbacks now."""
    order_id = json.loads(request.body or "{}").get("order_id")
    results = engine.deliver_due(order_id=order_id, force=True)
    return JsonResponse({"attempted": len(results), "acknowledged": sum(results)})


@require_GET
def callbacks(request, order_id):
    """The messages queued for an order, as sent (for replay tests)."""
    order = get_object_or_404(Order, order_id=order_id)
    rows = [
        {"url": c.url, "body": c.body, "held": c.held, "delivered": c.delivered_at is not None}
        for c in order.callbacks.all()
    ]
    return JsonResponse({"callbacks": rows})
