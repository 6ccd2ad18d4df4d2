"""The notifications outbox: one row per message and channel, written in the step's transaction, sent by
the worker; every delivery attempt kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử / E-mail")
    SMS = "sms", _("Tin nhắn SMS / SMS")


class ChannelPreference(models.Model):
    """What a person wants to be told by, and in which language (set on their notifications page)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("nhận thư điện tử / by e-mail"), default=True)
    sms = models.BooleanField(_("nhận tin nhắn SMS / by SMS"), default=True)
    language = models.CharField(
        _("ngôn ngữ / language"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    def __str__(self):
        return f"{self.user}: e-mail {self.email}, SMS {self.sms}, {self.language}"

    def allows(self, channel):
        return self.email if channel == Channel.EMAIL else self.sms


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi / Pending")
        SENT = "sent", _("Đã gửi / Sent")
        DEAD = "dead", _("Không gửi được / Undeliverable")

    key = models.CharField(max_length=200, unique=True)  # "<event>:<channel>": once per channel per event
    event = models.CharField(max_length=30)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    filing = models.ForeignKey(
        "services.Filing", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=254)
    language = models.CharField(max_length=8, default="vi")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self):
        return self.key


class DeliveryAttempt(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="delivery_attempts")
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.notification_id} {self.at:%Y-%m-%d %H:%M:%S} {'ok' if self.ok else self.error[:60]}"
