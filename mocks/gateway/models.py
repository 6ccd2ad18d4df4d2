"""The mock gateway's own tables: what it was sent, what it published, and how it misbehaves."""

from django.db import models
from django.utils import timezone


class Control(models.Model):
    """The fault mode (one row). ``remaining`` faulty answers, then back to normal; None means until reset."""

    class Mode(models.TextChoices):
        OK = "ok"
        ERROR = "error"  # answers ``status_code`` (5xx) without processing
        SLOW = "slow"  # sleeps ``delay`` seconds, then processes and answers
        LOSE = "lose"  # processes, then loses the answer (502 without body)
        RATE_LIMIT = "rate_limit"  # 429 with Retry-After: ``retry_after``

    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.OK)
    remaining = models.IntegerField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(default=503)
    delay = models.FloatField(default=0)
    retry_after = models.PositiveIntegerField(default=1)

    def __str__(self):
        return self.mode

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]


class Receipt(models.Model):
    """One message received, once per idempotency key; repeats only bump ``duplicates``."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication"
        UNPUBLICATION = "unpublication"
        FILING_UPDATE = "filing_update"
        PAYMENT = "payment"

    idempotency_key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    ref = models.CharField(max_length=64, db_index=True)  # filing code, or national code@agency code
    payload = models.JSONField()
    ack_id = models.CharField(max_length=64)
    received_at = models.DateTimeField(default=timezone.now)
    duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} {self.ref}"


class Publication(models.Model):
    """An online service as the national portal lists it."""

    national_code = models.CharField(max_length=16)
    agency_code = models.CharField(max_length=32)
    published = models.BooleanField(default=True)
    payload = models.JSONField()
    ack_id = models.CharField(max_length=64)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["national_code", "agency_code"], name="mockgw_uniq_publication")
        ]

    def __str__(self):
        return f"{self.national_code}@{self.agency_code}"


class Forward(models.Model):
    """A filing submitted on the national portal and forwarded to the province."""

    national_id = models.CharField(max_length=64)
    payload = models.JSONField()
    status_code = models.IntegerField(null=True)
    response = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.national_id


class Rating(models.Model):
    """The citizen's satisfaction rating of a filing as the national portal holds it (the latest one)."""

    filing_code = models.CharField(max_length=64, unique=True)
    value = models.CharField(max_length=16)
    comment = models.TextField(blank=True)
    rated_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    ack_id = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.filing_code}: {self.value}"
