"""The interface the portal sees of a payment platform (after Open Forms' ``payments/base.py``).

The filing and payment code call only these methods; the mock's HTTP client implements them today and a
real PayGov client can replace it (``settings.PAYMENT_PROVIDER``) without touching anything else.
A provider verifies the platform's signatures and turns messages into :class:`PlatformResult`; it makes no
decision about money: that is :mod:`payments.services`' job.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string


class ProviderError(Exception):
    """The platform could not be reached or answered with an error."""


class BadSignature(Exception):
    """A message whose signature or timestamp does not verify."""


class MalformedMessage(Exception):
    """A signed message that lacks fields the protocol requires."""


@dataclass(frozen=True)
class OrderCreated:
    payment_url: str
    expires_at: datetime


@dataclass(frozen=True)
class PlatformResult:
    """What the platform says about an order (``kind`` ``payment``) or a refund (``kind`` ``refund``)."""

    kind: str
    order_id: str
    status: str  # paid | failed | cancelled | pending | refunded
    amount: int
    currency: str
    transaction_id: str = ""
    refund_id: str = ""


@dataclass(frozen=True)
class PlatformTransaction:
    order_id: str
    amount: int
    transaction_id: str


class PaymentProvider(ABC):
    """Create order, handle return, handle callback, query status, refund, daily list."""

    name = "base"

    @abstractmethod
    def create_order(self, *, payment, description, return_url, callback_url) -> OrderCreated: ...

    @abstractmethod
    def handle_return(self, *, params) -> PlatformResult:
        """Verify the browser's return parameters; raise :class:`BadSignature` if they do not verify."""
        ...

    @abstractmethod
    def handle_callback(self, *, body, headers) -> PlatformResult:
        """Verify a server-to-server callback; raise :class:`BadSignature` or :class:`MalformedMessage`."""
        ...

    @abstractmethod
    def query_status(self, *, order_id) -> PlatformResult: ...

    @abstractmethod
    def refund(self, *, order_id, refund_id, amount, callback_url) -> None: ...

    @abstractmethod
    def transactions(self, *, day) -> list[PlatformTransaction]:
        """What the platform believes was paid on ``day`` (its own calendar day, Asia/Ho_Chi_Minh)."""
        ...


def get_provider() -> PaymentProvider:
    return import_string(settings.PAYMENT_PROVIDER)()
