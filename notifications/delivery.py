"""Sending the notifications outbox: e-mail over SMTP, SMS over HTTP; each attempt recorded, retries with
exponential backoff (and jitter) while a channel is down, a permanent refusal or too many attempts: dead.
A row is locked while it is sent (``SKIP LOCKED``), so two workers never send the same message."""

import logging
import random
import smtplib
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from notifications.models import Channel, DeliveryAttempt, Notification

log = logging.getLogger(__name__)


class Transient(Exception):
    """Try again later: the channel is down, slow or overloaded."""


class Permanent(Exception):
    """Will never work: the address or the message is refused."""


def send_email(notification):
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={"X-Notification-Key": notification.key},
    )
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise Permanent(f"recipient refused: {exc}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise Transient(f"smtp: {type(exc).__name__}: {exc}") from exc


def send_sms(notification):
    url = settings.SMS_GATEWAY_URL.rstrip("/") + "/api/messages"
    headers = {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"} if settings.SMS_GATEWAY_TOKEN else {}
    try:
        response = requests.post(
            url,
            json={"to": notification.address, "text": notification.body, "reference": notification.key},
            headers=headers,
            timeout=settings.SMS_GATEWAY_TIMEOUT,
        )
    except requests.RequestException as exc:
        raise Transient(f"sms gateway: {type(exc).__name__}") from exc
    if response.status_code in (200, 201, 202):
        return
    if response.status_code == 429 or response.status_code >= 500:
        raise Transient(f"sms gateway: HTTP {response.status_code}")
    raise Permanent(f"sms gateway refused: HTTP {response.status_code} {response.text[:200]}")


SENDERS = {Channel.EMAIL: send_email, Channel.SMS: send_sms}


def backoff(attempts):
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(base, settings.NOTIFICATIONS_RETRY_MAX_SECONDS) * random.uniform(0.8, 1.2))


def deliver_one(pk, *, now=None):
    """Send one due message; returns its status afterwards (None: not due, or another worker has it)."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Notification.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if notification is None:
            return None
        started = time.monotonic()
        error, permanent = "", False
        try:
            SENDERS[notification.channel](notification)
        except Transient as exc:
            error = str(exc)
        except Permanent as exc:
            error, permanent = str(exc), True
        notification.attempts += 1
        DeliveryAttempt.objects.create(
            notification=notification,
            at=now,
            ok=not error,
            error=error[:2000],
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        if not error:
            notification.status, notification.sent_at, notification.last_error = (
                Notification.Status.SENT,
                now,
                "",
            )
        elif permanent or notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            notification.status, notification.last_error = Notification.Status.DEAD, error
            log.warning("notification %s undeliverable: %s", notification.key, error)
        else:
            notification.last_error = error
            notification.next_attempt_at = now + backoff(notification.attempts)
        notification.save(update_fields=["status", "attempts", "sent_at", "last_error", "next_attempt_at"])
        return notification.status


def deliver_due(*, now=None, limit=200):
    """Send what is due now, oldest first; returns how many were sent."""
    now = now or timezone.now()
    due = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
    sent = 0
    for pk in list(due.order_by("id").values_list("pk", flat=True)[:limit]):
        sent += deliver_one(pk, now=now) == Notification.Status.SENT
    return sent
