"""Who is told what: the rows of the notifications outbox, written inside the caller's transaction.

Each message is keyed ``<event>:<channel>`` (unique), so an event is told once per channel however often
the hook runs; a step that rolls back takes its rows with it; the worker is woken after commit.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import texts
from notifications.models import Channel, ChannelPreference, Notification

log = logging.getLogger(__name__)

# A filing step's action -> what the applicant is told.
STEP_EVENTS = {
    "receive": "receipt",
    "request_supplement": "supplement",
    "refuse": "refused",
    "approve": "approved",
    "reject": "rejected",
    "return_result": "result",
}


def preference_for(user):
    if user is None:
        return ChannelPreference(email=True, sms=True, language="vi")
    return ChannelPreference.objects.filter(user=user).first() or ChannelPreference(user=user)


def _date(value):
    return f"{value:%d/%m/%Y}" if value else "—"


def _send_now():
    """Ask a worker to send now. A broker failure never reaches the caller: the rows stay pending and the
    beat sweep sends them."""
    from notifications.tasks import deliver_notifications

    try:
        deliver_notifications.delay()
    except Exception:
        log.exception("could not wake the notifications delivery; the periodic sweep will send them")


def _wake():
    transaction.on_commit(_send_now, robust=True)


def _write(*, key, event, channel, address, language, subject, body, filing=None, recipient=None):
    _row, created = Notification.objects.get_or_create(
        key=f"{key}:{channel}",
        defaults={
            "event": event,
            "channel": channel,
            "address": address,
            "language": language,
            "subject": subject[:300],
            "body": body,
            "filing": filing,
            "recipient": recipient,
        },
    )
    return created


def notify_applicant(filing, event, *, key, **values):
    """Tell the filing's applicant by the channels they allow, in their language; returns rows written."""
    user = filing.applicant
    preference = preference_for(user)
    addresses = {
        Channel.EMAIL: filing.applicant_email or (user.email if user else ""),
        Channel.SMS: filing.applicant_phone or (user.phone if user else ""),
    }
    link = settings.SITE_URL.rstrip("/") + reverse("portal:filing", args=[filing.code])
    subject, body = texts.render(
        event,
        preference.language,
        code=filing.code,
        procedure=filing.procedure.name,
        agency=filing.agency.name,
        link=link,
        due=_date(filing.due_date),
        reason=values.get("reason") or "—",
        new_due=_date(values.get("new_due")),
    )
    written = 0
    for channel, address in addresses.items():
        if address and preference.allows(channel):
            text = body if channel == Channel.EMAIL else f"{subject}. {body}"
            written += _write(
                key=key,
                event=event,
                channel=channel,
                address=address,
                language=preference.language,
                subject=subject,
                body=text,
                filing=filing,
                recipient=user,
            )
    if written:
        _wake()
    return written


def on_filing_event(filing, event):
    """Called in the step's transaction (``services.services._step`` via ``documents.hooks``)."""
    kind = STEP_EVENTS.get(event.action)
    if kind:
        notify_applicant(filing, kind, key=f"filing-event:{event.pk}", reason=event.reason)


def on_fee_settled(filing):
    """Called where the fee is recorded as settled (``services.services.mark_fee_settled``): once."""
    from services.models import Filing

    filing = Filing.objects.select_related("procedure", "agency", "applicant").get(pk=filing.pk)
    notify_applicant(filing, "payment", key=f"fee-settled:{filing.pk}")


def on_apology_slip(slip):
    notify_applicant(
        slip.filing, "apology", key=f"apology:{slip.pk}", reason=slip.reason, new_due=slip.new_due_date
    )


def write_daily_digest(*, today=None):
    """Each official (desk, specialist, leader) with an e-mail and work due tomorrow: one e-mail a day."""
    from services.constants import Role
    from services.models import User
    from services.selectors import official_queue

    today = today or timezone.localdate()
    tomorrow = today + timezone.timedelta(days=1)
    officials = User.objects.filter(
        is_active=True, agency__isnull=False, groups__name__in=[Role.DESK, Role.SPECIALIST, Role.LEADER]
    ).distinct()
    written = 0
    for official in officials.exclude(email=""):
        due = list(official_queue(official).filter(due_date=tomorrow)[:200])
        preference = preference_for(official)
        if not due or not preference.email:
            continue
        subject, body = texts.render(
            "digest",
            preference.language,
            count=len(due),
            due=_date(tomorrow),
            lines="\n".join(f"- {f.code}: {f.procedure.name} ({f.applicant_name})" for f in due),
            link=settings.SITE_URL.rstrip("/") + reverse("portal:queue"),
        )
        with transaction.atomic():
            written += _write(
                key=f"digest:{official.pk}:{tomorrow.isoformat()}",
                event="digest",
                channel=Channel.EMAIL,
                address=official.email,
                language=preference.language,
                subject=subject,
                body=body,
                recipient=official,
            )
    if written:
        _wake()
    return written
