"""Payments of filing fees (phí, lệ phí), their history, the raw messages of the platform and what
reconciliation found.

``Payment.status`` is protected: only the transition methods below change it, and
:mod:`payments.services` wraps each call in a transaction that locks the row, appends the
:class:`PaymentEvent` and writes the outbox row.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from payments.constants import (
    CREDITABLE_STATES,
    CURRENCY,
    CounterMethod,
    MismatchKind,
    PaymentChannel,
    PaymentStatus,
    RefundStatus,
    SecurityKind,
)
from services.models.filings import ImmutableModel
from services.models.fsm import SafeRefreshMixin

P = PaymentStatus


def new_order_id():
    return f"PAY{uuid.uuid4().hex[:20].upper()}"


class Payment(SafeRefreshMixin, ConcurrentTransitionMixin, models.Model):
    """One attempt to settle a filing's fee: online through the Payment Platform or at the desk."""

    filing = models.ForeignKey("services.Filing", on_delete=models.PROTECT, related_name="payments")
    channel = models.CharField(_("kênh thanh toán"), max_length=10, choices=PaymentChannel.choices)
    amount = models.PositiveBigIntegerField(_("số tiền (VND)"))
    currency = models.CharField(max_length=3, default=CURRENCY)
    status = FSMField(_("trạng thái"), max_length=12, choices=P.choices, default=P.CREATED, protected=True)
    order_id = models.CharField(_("mã đơn hàng"), max_length=40, unique=True, default=new_order_id)
    payment_url = models.URLField(max_length=500, blank=True)
    platform_transaction_id = models.CharField(_("mã giao dịch nền tảng"), max_length=64, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True, db_index=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=40, blank=True)
    counter_method = models.CharField(max_length=10, choices=CounterMethod.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refunded_amount = models.PositiveBigIntegerField(_("đã hoàn (VND)"), default=0)
    refund_reason = models.CharField(_("lý do hoàn tiền"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("khoản thanh toán")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="payment_status_idx")]

    def __str__(self):
        return f"{self.order_id} ({self.amount:,} VND, {self.status})"

    @transition(field=status, source=P.CREATED, target=P.PENDING)
    def open(self, *, payment_url, expires_at, **kwargs):
        """The platform accepted the order; the applicant is sent to pay."""
        self.payment_url = payment_url
        self.expires_at = expires_at

    @transition(field=status, source=list(CREDITABLE_STATES), target=P.PAID)
    def credit(self, *, at, transaction_id="", **kwargs):
        """The money arrived (đã thanh toán): from the platform, late or not, or at the desk."""
        self.paid_at = at
        self.platform_transaction_id = transaction_id

    @transition(field=status, source=[P.CREATED, P.PENDING], target=P.FAILED)
    def fail(self, **kwargs):
        """The order could not be created, or the platform says the payment failed."""

    @transition(field=status, source=P.PENDING, target=P.CANCELLED)
    def cancel(self, **kwargs):
        """The applicant cancelled on the platform's page."""

    @transition(field=status, source=[P.CREATED, P.PENDING], target=P.EXPIRED)
    def expire(self, **kwargs):
        """Nobody paid before the order's expiry."""

    @transition(field=status, source=P.PAID, target=P.REFUNDED)
    def refund(self, *, amount, **kwargs):
        """The platform confirmed a refund (full or partial): the amount is recorded."""
        self.refunded_amount += amount


class PaymentEvent(ImmutableModel):
    """One state change of a payment: written once, in the transaction of the change."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(max_length=12, choices=P.choices)
    to_status = models.CharField(max_length=12, choices=P.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("nguồn"), max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử thanh toán")
        verbose_name_plural = _("lịch sử thanh toán")
        ordering = ["payment", "at", "id"]

    def __str__(self):
        return f"{self.payment_id}: {self.from_status} → {self.to_status}"


class Refund(models.Model):
    """A refund asked of the platform; ``refund_id`` makes the request idempotent there."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    refund_id = models.CharField(max_length=40, unique=True, default=new_order_id)
    amount = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")

    def __str__(self):
        return f"{self.refund_id} {self.amount:,} VND"


class PlatformMessage(ImmutableModel):
    """The raw body, headers and arrival time of every callback and browser return, trusted or not."""

    kind = models.CharField(max_length=10)  # callback | return
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    body = models.TextField(blank=True)
    headers = models.JSONField(default=dict)
    remote_addr = models.CharField(max_length=64, blank=True)
    answer = models.CharField(max_length=4, blank=True)  # set once, by a queryset update, after handling

    class Meta:
        verbose_name = _("thông điệp nền tảng")
        verbose_name_plural = _("thông điệp nền tảng")

    def __str__(self):
        return f"{self.kind} {self.received_at:%Y-%m-%d %H:%M:%S}"


class SecurityEvent(ImmutableModel):
    """A message the portal refused: bad signature, unknown order, wrong amount or currency."""

    kind = models.CharField(max_length=20, choices=SecurityKind.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    order_id = models.CharField(max_length=40, blank=True)
    detail = models.TextField(blank=True)
    message = models.ForeignKey(PlatformMessage, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("sự kiện an ninh")
        verbose_name_plural = _("sự kiện an ninh")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.kind} {self.order_id}"


class ReconciliationMismatch(models.Model):
    """A difference between the platform's daily list and the portal, left for an admin to resolve."""

    day = models.DateField(db_index=True)
    kind = models.CharField(max_length=20, choices=MismatchKind.choices)
    order_id = models.CharField(max_length=40)
    platform_amount = models.PositiveBigIntegerField(null=True, blank=True)
    portal_amount = models.PositiveBigIntegerField(null=True, blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        verbose_name = _("chênh lệch đối soát")
        verbose_name_plural = _("chênh lệch đối soát")
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "order_id"], name="uniq_mismatch_per_day")
        ]

    def __str__(self):
        return f"{self.day} {self.kind} {self.order_id}"
