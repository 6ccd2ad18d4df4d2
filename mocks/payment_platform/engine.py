"""What the mock platform does: take orders, settle them, sign results, call the merchant back.

Callbacks are rows, delivered outside any transaction and retried with exponential backoff until the
merchant answers code ``00``; fault modes (per order or global) change what is queued.
"""

import json
import secrets
import threading
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from mocks.payment_platform.models import Callback, GlobalFaults, Order, Refund
from payments import signing

WRONG_SECRET = "not-the-merchant-secret"


def faults_of(order):
    return set(order.faults) | set(GlobalFaults.current())


def result_fields(order, *, status=None, amount=None):
    public = {"created": "pending"}.get(order.status, order.status)
    return {
        "type": "payment",
        "merchant": order.merchant,
        "order_id": order.order_id,
        "transaction_id": order.transaction_id,
        "amount": order.amount if amount is None else amount,
        "currency": order.currency,
        "status": status or public,
    }


def sign_result(fields, *, secret=None, now=None):
    return signing.signed(fields, secret or settings.PAYMENT_PLATFORM_SECRET, now=now)


def settle(*, order_id, action):
    """The applicant pays or cancels on the platform; queues the callbacks the fault modes call for."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(order_id=order_id)
        if order.status != "created":
            return order
        if action == "pay" and timezone.now() > order.expires_at:
            action = "cancel"
        now = timezone.now()
        if action == "pay":
            order.status, order.paid_at = "paid", now
            order.transaction_id = f"TXN{secrets.token_hex(8).upper()}"
        else:
            order.status = "cancelled"
        order.save()
        _queue_result_callbacks(order, faults_of(order))
    return order


def _queue_result_callbacks(order, faults):
    if "never" in faults:
        return
    amount = order.amount + 1000 if "changed_amount" in faults else None
    secret = WRONG_SECRET if "wrong_signature" in faults else None
    bodies = [sign_result(result_fields(order, amount=amount), secret=secret)]
    if "out_of_order" in faults and order.status == "paid":
        stale = result_fields(order, status="failed", amount=amount)
        bodies.append(sign_result(stale, secret=secret, now=time.time() - 60))
    if "duplicate" in faults:
        bodies = [body for body in bodies for _copy in (1, 2)]
    for body in bodies:
        Callback.objects.create(
            order=order, url=order.callback_url, body=json.dumps(body), held="late" in faults
        )


def refund(*, order_id, refund_id, amount, callback_url):
    """Refund (part of) a paid order, once per ``refund_id``; queue the signed refund callback."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(order_id=order_id)
        existing = Refund.objects.filter(refund_id=refund_id).first()
        if existing is not None:
            return existing
        if order.status != "paid" or amount <= 0 or amount > order.amount - order.refunded_amount:
            raise ValueError("nothing to refund")
        order.refunded_amount += amount
        order.save(update_fields=["refunded_amount"])
        made = Refund.objects.create(order=order, refund_id=refund_id, amount=amount)
        fields = {**result_fields(order, status="refunded", amount=amount), "type": "refund"}
        body = sign_result({**fields, "refund_id": refund_id})
        Callback.objects.create(order=order, url=callback_url, body=json.dumps(body))
    return made


def deliver(callback):
    """One attempt; the merchant acknowledges with HTTP 200 and ``{"code": "00"}``."""
    try:
        response = requests.post(
            callback.url,
            data=callback.body,
            headers={"Content-Type": "application/json", "X-Platform": "mock-paygov"},
            timeout=settings.PAYMENT_HTTP_TIMEOUT,
        )
        acked = response.status_code == 200 and response.json().get("code") == "00"
        answer = f"{response.status_code} {response.text[:150]}"
    except (requests.RequestException, ValueError) as exc:
        acked, answer = False, str(exc)[:200]
    callback.attempts += 1
    callback.last_answer = answer
    if acked:
        callback.delivered_at = timezone.now()
    else:
        callback.next_attempt_at = timezone.now() + timedelta(seconds=min(2**callback.attempts, 600))
    callback.save(update_fields=["attempts", "last_answer", "delivered_at", "next_attempt_at"])
    return acked


def deliver_due(*, order_id=None, force=False):
    """Deliver what is due (``force``: also held and backed-off ones), in the order queued."""
    due = Callback.objects.filter(delivered_at__isnull=True)
    if order_id:
        due = due.filter(order__order_id=order_id)
    if not force:
        due = due.filter(held=False, next_attempt_at__lte=timezone.now())
    return [deliver(callback) for callback in due]


def deliver_in_background(order_id):
    """From the pay page, like the real platform: retry with backoff, late ones after a while."""
    if not Callback.objects.filter(order__order_id=order_id, delivered_at__isnull=True).exists():
        return

    def run():
        try:
            if "late" in faults_of(Order.objects.get(order_id=order_id)):
                time.sleep(settings.MOCK_PAYMENT_LATE_SECONDS)
                Callback.objects.filter(order__order_id=order_id).update(held=False)
            for attempt in range(settings.MOCK_PAYMENT_CALLBACK_ATTEMPTS):
                deliver_due(order_id=order_id, force=True)
                if not Callback.objects.filter(order__order_id=order_id, delivered_at__isnull=True).exists():
                    return
                time.sleep(min(2**attempt, 60))
        finally:
            connections.close_all()  # this thread's own connections

    threading.Thread(target=run, daemon=True, name=f"mock-callback-{order_id}").start()
