"""The HTTP client of the mock Payment Platform (``mocks.payment_platform``), the provider used by default.

Everything goes over HTTP to ``settings.PAYMENT_PLATFORM_URL``; requests are signed with the merchant's
shared secret and the platform's answers and callbacks are verified with it.
"""

import json
from datetime import UTC, date, datetime

import requests
from django.conf import settings

from payments import signing
from payments.providers.base import (
    BadSignature,
    MalformedMessage,
    OrderCreated,
    PaymentProvider,
    PlatformResult,
    PlatformTransaction,
    ProviderError,
)

_RESULT_FIELDS = ("type", "order_id", "status", "amount", "currency")


class MockPlatformProvider(PaymentProvider):
    name = "mock"

    def __init__(self):
        self.base = settings.PAYMENT_PLATFORM_URL.rstrip("/") + "/"
        self.secret = settings.PAYMENT_PLATFORM_SECRET
        self.merchant = settings.PAYMENT_MERCHANT_CODE
        self.timeout = (settings.PAYMENT_HTTP_CONNECT_TIMEOUT, settings.PAYMENT_HTTP_TIMEOUT)

    # --- transport ----------------------------------------------------------------------------------
    def _call(self, method, path, fields):
        if not self.secret:
            raise ProviderError("PAYMENT_PLATFORM_SECRET is not set")
        message = signing.signed({"merchant": self.merchant, **fields}, self.secret)
        try:
            if method == "GET":
                response = requests.get(self.base + path, params=message, timeout=self.timeout)
            else:
                response = requests.post(self.base + path, json=message, timeout=self.timeout)
        except requests.RequestException as exc:
            raise ProviderError(f"{method} {path}: {exc}") from exc
        if response.status_code >= 400:
            raise ProviderError(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        try:
            return response.json()
        except ValueError as exc:
            raise ProviderError(f"{method} {path}: not JSON") from exc

    def _verified(self, message):
        try:
            signing.verify(message, self.secret, tolerance=settings.PAYMENT_SIGNATURE_TOLERANCE)
        except signing.SignatureError as exc:
            raise BadSignature(str(exc)) from exc
        if message.get("merchant") != self.merchant or any(k not in message for k in _RESULT_FIELDS):
            raise MalformedMessage("missing fields or another merchant")
        try:
            amount = int(message["amount"])
        except (TypeError, ValueError) as exc:
            raise MalformedMessage("amount is not a number") from exc
        return PlatformResult(
            kind=str(message["type"]),
            order_id=str(message["order_id"]),
            status=str(message["status"]),
            amount=amount,
            currency=str(message["currency"]),
            transaction_id=str(message.get("transaction_id") or ""),
            refund_id=str(message.get("refund_id") or ""),
        )

    # --- the interface -----------------------------------------------------------------------------
    def create_order(self, *, payment, description, return_url, callback_url):
        answer = self._call(
            "POST",
            "api/orders",
            {
                "order_id": payment.order_id,
                "amount": payment.amount,
                "currency": payment.currency,
                "description": description,
                "return_url": return_url,
                "callback_url": callback_url,
                "expires_at": int(payment.expires_at.timestamp()),
            },
        )
        try:
            expires = datetime.fromtimestamp(int(answer["expires_at"]), tz=UTC)
            return OrderCreated(payment_url=answer["payment_url"], expires_at=expires)
        except (KeyError, TypeError, ValueError) as exc:
            raise ProviderError("create order: unexpected answer") from exc

    def handle_return(self, *, params):
        return self._verified(dict(params.items()))

    def handle_callback(self, *, body, headers):
        try:
            message = json.loads(body)
        except ValueError as exc:
            raise MalformedMessage("body is not JSON") from exc
        if not isinstance(message, dict):
            raise MalformedMessage("body is not an object")
        return self._verified(message)

    def query_status(self, *, order_id):
        answer = self._call("GET", f"api/orders/{order_id}", {"order_id": order_id})
        try:
            return self._verified(answer)
        except (BadSignature, MalformedMessage) as exc:
            raise ProviderError(f"status of {order_id}: {exc}") from exc

    def refund(self, *, order_id, refund_id, amount, callback_url):
        self._call(
            "POST",
            "api/refunds",
            {"order_id": order_id, "refund_id": refund_id, "amount": amount, "callback_url": callback_url},
        )

    def transactions(self, *, day: date):
        answer = self._call("GET", "api/transactions", {"date": day.isoformat()})
        return [
            PlatformTransaction(
                order_id=row["order_id"], amount=int(row["amount"]), transaction_id=row["transaction_id"]
            )
            for row in answer.get("transactions", [])
        ]
