"""The mock platform's own state. Nothing here refers to a table of the portal."""

from django.db import models
from django.utils import timezone

FAULTS = (
    "duplicate",  # every callback is sent twice
    "late",  # callbacks are held until flushed (``api/deliver``) or, from the pay page, for a while
    "out_of_order",  # after "paid", a stale "failed" of an earlier attempt arrives
    "never",  # no callback at all: only the browser return
    "wrong_signature",  # callbacks signed with another key
    "changed_amount",  # callbacks claim another amount (correctly signed)
    "down",  # creating an order answers 503
)


class Order(models.Model):
    STATUSES = [("created", "created"), ("paid", "paid"), ("cancelled", "cancelled")]

    order_id = models.CharField(max_length=40, unique=True)
    merchant = models.CharField(max_length=40)
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    description = models.CharField(max_length=300, blank=True)
    return_url = models.URLField(max_length=500)
    callback_url = models.URLField(max_length=500)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=STATUSES, default="created")
    transaction_id = models.CharField(max_length=64, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_amount = models.PositiveBigIntegerField(default=0)
    faults = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.order_id


class Refund(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    refund_id = models.CharField(max_length=40, unique=True)
    amount = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.refund_id


class Callback(models.Model):
    """One server-to-server message to the merchant, retried with backoff until it answers ``00``."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="callbacks")
    url = models.URLField(max_length=500)
    body = models.TextField()
    held = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_answer = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.order_id}#{self.pk}"


class GlobalFaults(models.Model):
    """One row (pk 1): fault modes applied to every order."""

    faults = models.JSONField(default=list, blank=True)

    def __str__(self):
        return ",".join(self.faults) or "-"

    @classmethod
    def current(cls):
        row = cls.objects.filter(pk=1).first()
        return list(row.faults) if row else []
