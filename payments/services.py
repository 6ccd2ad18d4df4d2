"""Write operations on payments: plain functions, keyword arguments, one transaction each.

Every change locks the payment row (``select_for_update``) so that the platform's callback, the browser
return and the sweeps can race without crediting twice; the state change, its :class:`PaymentEvent` and
its outbox row are written in that one transaction. Calls to the platform happen outside transactions.
The platform is the source of truth for money (DIGIT's rule): a browser return is never trusted alone,
and a late "paid" is believed even after the portal gave up on the order.
"""

import json
import logging
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payments import selectors
from payments.constants import (
    CREDITABLE_STATES,
    CURRENCY,
    Answer,
    CounterMethod,
    PaymentChannel,
    PaymentStatus,
    RefundStatus,
    SecurityKind,
)
from payments.models import Payment, PaymentEvent, PlatformMessage, Refund, SecurityEvent
from payments.providers.base import BadSignature, MalformedMessage, ProviderError, get_provider
from services import outbox
from services.exceptions import InvalidInput, StateConflict
from services.models import Filing
from services.models.filings import locked_filings
from services.rules import counter_payment_refusal, fee_owed, online_payment_refusal
from services.services import mark_fee_settled

log = logging.getLogger(__name__)
P = PaymentStatus


# --- the bookkeeping every change shares ------------------------------------------------------------
def _lock(payment):
    return Payment.objects.select_for_update().select_related("filing").get(pk=payment.pk)


def _record(payment, action, from_status, *, actor=None, source="", at=None, data=None):
    event = PaymentEvent.objects.create(
        payment=payment,
        action=action,
        from_status=from_status,
        to_status=payment.status,
        actor=actor,
        source=source,
        at=at or timezone.now(),
        data=data or {},
    )
    outbox.enqueue(
        topic="payment.status",
        key=f"filing:{payment.filing.code}",
        payload={
            "filing_code": payment.filing.code,
            "order_id": payment.order_id,
            "channel": payment.channel,
            "amount": payment.amount,
            "currency": payment.currency,
            "action": action,
            "from_status": from_status,
            "status": payment.status,
            "refunded_amount": payment.refunded_amount,
            "at": event.at.isoformat(),
        },
    )
    return event


def _transition(payment, action, *, actor=None, source="", data=None, **kwargs):
    """Call a transition of a locked payment, save it, write its event and outbox row."""
    from_status = payment.status
    at = timezone.now()
    getattr(payment, action)(at=at, **kwargs)
    payment.save()
    _record(payment, action, from_status, actor=actor, source=source, at=at, data=data)
    return payment


def _portal_url(name):
    return settings.SITE_URL.rstrip("/") + reverse(name)


# --- online payment ------------------------------------------------------------------------------------
def start_online_payment(*, filing, actor):
    """Create the order on the platform and return the pending payment whose URL the applicant follows."""
    now = timezone.now()
    with transaction.atomic():
        filing = locked_filings().select_related("procedure").get(pk=filing.pk)
        refusal = online_payment_refusal(filing, actor)
        if refusal is not None:
            raise refusal
        open_payment = filing.payments.filter(status=P.PENDING, expires_at__gt=now).first()
        if open_payment is not None:
            return open_payment
        payment = Payment.objects.create(
            filing=filing,
            channel=PaymentChannel.ONLINE,
            amount=filing.fee,
            expires_at=now + timedelta(minutes=settings.PAYMENT_ORDER_TTL_MINUTES),
        )
        _record(payment, "create", "", actor=actor)
    try:
        order = get_provider().create_order(
            payment=payment,
            description=f"Phí, lệ phí hồ sơ {filing.code}",
            return_url=_portal_url("payments:return"),
            callback_url=_portal_url("payments:callback"),
        )
    except ProviderError as exc:
        with transaction.atomic():
            _transition(_lock(payment), "fail", actor=actor, source="create", data={"error": str(exc)[:300]})
        raise StateConflict(
            _(
                "Nền tảng thanh toán đang không phản hồi, vui lòng thử lại sau / "
                "The Payment Platform is not answering: please try again later."
            ),
            code="platform_unavailable",
        ) from exc
    with transaction.atomic():
        return _transition(
            _lock(payment), "open", actor=actor, payment_url=order.payment_url, expires_at=order.expires_at
        )


def handle_callback(*, body, headers, remote_addr=""):
    """The platform's server-to-server message: stored raw, verified, applied once. Returns an Answer."""
    message = PlatformMessage.objects.create(
        kind="callback",
        body=body[: settings.PAYMENT_CALLBACK_MAX_BYTES],  # the door refused bigger ones: bounded anyway
        headers=headers,
        remote_addr=(remote_addr or "")[:64],
    )
    try:
        result = get_provider().handle_callback(body=body, headers=headers)
    except (BadSignature, MalformedMessage) as exc:
        kind, code = (
            (SecurityKind.BAD_SIGNATURE, Answer.BAD_SIGNATURE)
            if isinstance(exc, BadSignature)
            else (SecurityKind.MALFORMED, Answer.MALFORMED)
        )
        answer = _refuse(kind, code, message=message, order_id=_claimed_order(body), detail=str(exc))
    else:
        answer = apply_platform_result(result=result, source="callback", message=message)
    PlatformMessage.objects.filter(pk=message.pk).update(answer=answer)
    return answer


def _claimed_order(body):
    """The order an unverified message claims to be about, for the security log only."""
    try:
        return str(json.loads(body).get("order_id", ""))[:40]
    except (ValueError, AttributeError):
        return ""


def handle_return(*, params, remote_addr=""):
    """The applicant's browser is back. Its result is shown, but believed only once the platform says so."""
    message = PlatformMessage.objects.create(
        kind="return",
        body=urlencode(list(params.items()))[: settings.PAYMENT_CALLBACK_MAX_BYTES],
        headers={},
        remote_addr=(remote_addr or "")[:64],
    )
    try:
        result = get_provider().handle_return(params=params)
    except (BadSignature, MalformedMessage) as exc:
        _refuse(SecurityKind.BAD_SIGNATURE, Answer.BAD_SIGNATURE, message=message, detail=str(exc))
        return None
    payment = Payment.objects.filter(order_id=result.order_id, channel=PaymentChannel.ONLINE).first()
    if payment is None:
        _refuse(SecurityKind.UNKNOWN_ORDER, Answer.UNKNOWN_ORDER, message=message, order_id=result.order_id)
        return None
    if payment.status not in (P.PAID, P.REFUNDED):
        refresh_from_platform(payment=payment)
    payment.refresh_from_db()
    return payment


def refresh_from_platform(*, payment):
    """Ask the platform for the order's status and apply it (browser return, 15-minute sweep)."""
    try:
        result = get_provider().query_status(order_id=payment.order_id)
    except ProviderError as exc:
        log.warning("status query for %s failed: %s", payment.order_id, exc)
        return None
    return apply_platform_result(result=result, source="query")


def apply_platform_result(*, result, source, message=None):
    """Apply a verified message of the platform to its payment, idempotently; refuse a mismatching one."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .select_related("filing")
            .filter(order_id=result.order_id, channel=PaymentChannel.ONLINE)
            .first()
        )
        if payment is None:
            return _refuse(
                SecurityKind.UNKNOWN_ORDER, Answer.UNKNOWN_ORDER, message=message, order_id=result.order_id
            )
        if result.currency != CURRENCY:
            return _refuse(
                SecurityKind.WRONG_CURRENCY,
                Answer.WRONG_CURRENCY,
                message=message,
                order_id=result.order_id,
                detail=result.currency,
            )
        if result.kind == "refund" and result.status == "refunded":
            return _complete_refund(payment, result, source, message)
        if result.kind != "payment":
            return _refuse(
                SecurityKind.MALFORMED, Answer.MALFORMED, message=message, order_id=result.order_id
            )
        if result.amount != payment.amount:
            return _refuse(
                SecurityKind.WRONG_AMOUNT,
                Answer.WRONG_AMOUNT,
                message=message,
                order_id=result.order_id,
                detail=f"{result.amount} != {payment.amount}",
            )
        if result.status == "paid":
            _credit(payment, result, source)
        elif result.status in ("failed", "cancelled") and payment.status == P.PENDING:
            _transition(payment, "fail" if result.status == "failed" else "cancel", source=source)
        # "pending", or a stale failure after the money arrived: nothing changes.
        return Answer.OK


def _credit(payment, result, source):
    if payment.status not in CREDITABLE_STATES:
        return  # already credited: a repeat changes nothing
    _transition(payment, "credit", source=source, transaction_id=result.transaction_id)
    filing = Filing.objects.select_for_update().get(pk=payment.filing_id)
    if fee_owed(filing):
        mark_fee_settled(filing=filing, at=payment.paid_at)
        return
    payment.refund_reason = "Hồ sơ không còn cần khoản phí này / The filing no longer needs this payment"
    payment.save(update_fields=["refund_reason"])
    transaction.on_commit(lambda: _refund_later(payment.pk))


def _refund_later(payment_id):
    from payments import tasks  # tasks call services; the reverse import happens only at run time

    # A bounded signal; if the broker is down, the refunds sweep (beat) picks the payment up.
    outbox.signal_worker(tasks.refund_payment, payment_id)


def _refuse(kind, answer, *, message=None, order_id="", detail=""):
    # A forged message may carry NUL bytes, which a PostgreSQL text field refuses (a 500): they are dropped.
    order_id, detail = order_id.replace("\x00", ""), detail.replace("\x00", "")
    SecurityEvent.objects.create(kind=kind, order_id=order_id[:40], detail=detail[:1000], message=message)
    log.warning("payment platform message refused: %s %s %s", kind, order_id, detail)
    return answer


# --- counter payment ---------------------------------------------------------------------------------
def record_counter_payment(*, filing, actor, receipt_number, method=CounterMethod.CASH):
    """The desk officer records a fee paid at the desk (cash or transfer) with its receipt number."""
    with transaction.atomic():
        filing = locked_filings().select_related("procedure").get(pk=filing.pk)
        refusal = counter_payment_refusal(filing, actor)
        if refusal is not None:
            raise refusal
        if method not in CounterMethod.values or not (receipt_number or "").strip():
            raise InvalidInput(
                _("Cần số biên lai và hình thức nộp / A receipt number and method are required."),
                field="receipt_number",
            )
        payment = Payment.objects.create(
            filing=filing,
            channel=PaymentChannel.COUNTER,
            amount=filing.fee,
            receipt_number=receipt_number.strip(),
            counter_method=method,
            recorded_by=actor,
        )
        _record(payment, "create", "", actor=actor, source="counter")
        _transition(payment, "credit", actor=actor, source="counter")
        mark_fee_settled(filing=filing, at=payment.paid_at)
        return payment


# --- refunds --------------------------------------------------------------------------------------------
def request_refund(*, payment, reason, amount=None):
    """Ask the platform to refund (part of) a paid online payment; safe to repeat until it confirms."""
    with transaction.atomic():
        payment = _lock(payment)
        if payment.status != P.PAID or payment.channel != PaymentChannel.ONLINE:
            raise StateConflict(
                _("Chỉ hoàn tiền khoản đã thanh toán trực tuyến / Only paid online payments are refunded."),
                code="not_refundable",
            )
        refund = payment.refunds.filter(status=RefundStatus.REQUESTED).first()
        if refund is None:
            amount = payment.amount if amount is None else amount
            if not 0 < amount <= payment.amount:
                raise InvalidInput(_("Số tiền hoàn không hợp lệ / Invalid refund amount."), field="amount")
            refund = Refund.objects.create(payment=payment, amount=amount, reason=reason[:200])
            _record(payment, "request_refund", payment.status, data={"refund_id": refund.refund_id})
    try:
        get_provider().refund(
            order_id=payment.order_id,
            refund_id=refund.refund_id,
            amount=refund.amount,
            callback_url=_portal_url("payments:callback"),
        )
    except ProviderError as exc:  # the refunds sweep asks again with the same refund_id
        log.warning("refund %s not accepted yet: %s", refund.refund_id, exc)
    return refund


def _complete_refund(payment, result, source, message):
    refund = payment.refunds.select_for_update().filter(refund_id=result.refund_id).first()
    if refund is None:
        return _refuse(
            SecurityKind.UNKNOWN_ORDER, Answer.UNKNOWN_ORDER, message=message, order_id=result.order_id
        )
    if result.amount != refund.amount:
        return _refuse(
            SecurityKind.WRONG_AMOUNT, Answer.WRONG_AMOUNT, message=message, order_id=result.order_id
        )
    if refund.status == RefundStatus.DONE:
        return Answer.OK
    refund.status, refund.completed_at = RefundStatus.DONE, timezone.now()
    refund.save(update_fields=["status", "completed_at"])
    _transition(payment, "refund", source=source, amount=refund.amount, data={"refund_id": refund.refund_id})
    return Answer.OK


# --- sweeps (Celery beat) -------------------------------------------------------------------------------
def expire_unpaid(*, now=None):
    """Unpaid orders past their expiry become expired (a late "paid" can still revive them)."""
    now = now or timezone.now()
    expired = 0
    due = Payment.objects.filter(status__in=[P.CREATED, P.PENDING], expires_at__lt=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            payment = (
                Payment.objects.select_for_update(skip_locked=True)
                .select_related("filing")
                .filter(pk=pk, status__in=[P.CREATED, P.PENDING], expires_at__lt=now)
                .first()
            )
            if payment is not None:
                _transition(payment, "expire", source="sweep")
                expired += 1
    return expired


def check_pending(*, now=None):
    """Ask the platform about payments pending for longer than the callback should take."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.PAYMENT_PENDING_CHECK_MINUTES)
    pending = Payment.objects.filter(status=P.PENDING, channel=PaymentChannel.ONLINE, created_at__lt=cutoff)
    return [refresh_from_platform(payment=p) for p in pending]


def refund_unneeded_payments():
    """Refund what filings no longer need: refused, rejected or withdrawn after paying, or paid twice."""
    return [
        request_refund(payment=payment, reason=payment.refund_reason or "Hồ sơ đã đóng / Filing closed")
        for payment in selectors.payments_to_refund()
    ]
