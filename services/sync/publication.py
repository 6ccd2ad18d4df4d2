"""Catalog publication on the national gateway: publish, unpublish, re-publish after a change.

Each request writes an outbox row (key ``procedure:<pk>``, so one procedure's requests arrive in order);
the procedure counts as integrated only when the gateway's acknowledgement comes back (:func:`record_ack`),
from the first acknowledgement on (``published_at``), whatever re-publications follow.

:func:`revision` is the content's fingerprint: a procedure whose acknowledged revision is the current one
is not sent again (the demo's seed writes it, so ``publish_catalog`` does not re-publish what is
integrated already).
"""

import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services import outbox
from services.constants import OnlineLevel, Role
from services.exceptions import InvalidInput, NotPermitted, StateConflict
from services.models import Procedure, ProcedurePublication

PUBLISH, UNPUBLISH = "catalog.publish", "catalog.unpublish"
TOPICS = (PUBLISH, UNPUBLISH)
P = ProcedurePublication


def eligible_procedures():
    """Online services (full-process or partial) that are in force and may be integrated."""
    return Procedure.objects.filter(is_active=True, eligible_for_national_gateway=True).exclude(
        online_level=OnlineLevel.NONE
    )


def publication_payload(procedure):
    return {
        "national_code": procedure.national_code,
        "agency_code": procedure.agency.code,
        "province_code": procedure.province.code,
        "name": procedure.name,
        "field": procedure.field,
        "level": procedure.online_level,
        "processing_days": procedure.processing_days,
        "fee": procedure.fee,
    }


def revision(payload):
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _check_actor(actor):
    """An admin (or the system, ``actor=None``, from a management command) manages the catalog."""
    if actor is not None and not (actor.is_superuser or actor.has_role(Role.ADMIN)):
        raise NotPermitted(_("Chỉ quản trị công bố thủ tục / Only admins publish procedures."))


def _locked_publication(procedure):
    P.objects.get_or_create(procedure=procedure, defaults={"desired": P.Desired.UNPUBLISHED})
    return P.objects.select_for_update().select_related("procedure").get(procedure=procedure)


def already_requested(pub, current_revision):
    """The province already asked the gateway to publish exactly this content: nothing to send."""
    return pub is not None and pub.desired == P.Desired.PUBLISHED and pub.payload_hash == current_revision


def publish_procedure(*, procedure, actor):
    """Publish one online service, or re-publish it if it changed since; False if nothing to send."""
    _check_actor(actor)
    if not eligible_procedures().filter(pk=procedure.pk).exists():
        raise InvalidInput(
            _(
                "Chỉ công bố dịch vụ công trực tuyến đang áp dụng và đủ điều kiện / "
                "Only online services in force and eligible are published."
            ),
            code="not_eligible",
        )
    with transaction.atomic():
        pub = _locked_publication(procedure)
        payload = publication_payload(procedure)
        current = revision(payload)
        if already_requested(pub, current):
            return False
        outbox.enqueue(
            topic=PUBLISH, key=f"procedure:{procedure.pk}", payload={**payload, "revision": current}
        )
        pub.desired, pub.payload_hash, pub.requested_at = P.Desired.PUBLISHED, current, timezone.now()
        pub.save()
        return True


def publish_procedures(*, actor, procedures=None):
    """Publish a selection (or all eligible online services); returns the codes queued, unchanged, refused."""
    _check_actor(actor)
    result = {"queued": [], "unchanged": [], "ineligible": []}
    eligible = set(eligible_procedures().values_list("pk", flat=True))
    requested = {pub.procedure_id: pub for pub in P.objects.filter(desired=P.Desired.PUBLISHED)}
    for procedure in (procedures if procedures is not None else eligible_procedures()).select_related(
        "agency", "province"
    ):
        if procedure.pk not in eligible:
            result["ineligible"].append(procedure.national_code)
        elif already_requested(requested.get(procedure.pk), revision(publication_payload(procedure))):
            # read without a lock, as a shortcut only: publish_procedure decides again under the lock
            result["unchanged"].append(procedure.national_code)
        elif publish_procedure(procedure=procedure, actor=actor):
            result["queued"].append(procedure.national_code)
        else:
            result["unchanged"].append(procedure.national_code)
    return result


def unpublish_procedure(*, procedure, actor):
    """Withdraw an online service from the national gateway."""
    _check_actor(actor)
    with transaction.atomic():
        pub = _locked_publication(procedure)
        if pub.desired != P.Desired.PUBLISHED:
            raise StateConflict(
                _("Thủ tục chưa được công bố / The procedure is not published."), code="not_published"
            )
        outbox.enqueue(
            topic=UNPUBLISH,
            key=f"procedure:{procedure.pk}",
            payload={"national_code": procedure.national_code, "agency_code": procedure.agency.code},
        )
        pub.desired, pub.payload_hash, pub.requested_at = P.Desired.UNPUBLISHED, "", timezone.now()
        pub.save()


def sync_catalog(*, actor):
    """Publish what is eligible and changed or new; unpublish what is published but no longer eligible."""
    result = publish_procedures(actor=actor)
    stale = Procedure.objects.filter(publication__desired=P.Desired.PUBLISHED).exclude(
        pk__in=eligible_procedures().values("pk")
    )
    result["unpublished"] = []
    for procedure in stale.select_related("agency"):
        unpublish_procedure(procedure=procedure, actor=actor)
        result["unpublished"].append(procedure.national_code)
    return result


def record_ack(*, event, answer, at):
    """The gateway acknowledged a publication request (called by delivery, in its transaction)."""
    procedure_id = int(event.key.split(":", 1)[1])
    pub = P.objects.select_for_update().filter(procedure_id=procedure_id).first()
    if pub is None:  # the procedure was deleted meanwhile: nothing left to mark
        return
    if event.topic == PUBLISH:
        # A re-publication of an integrated procedure (a changed name, fee, ...) keeps the date since when
        # it is integrated: past periods counted it from then, and today's update must not rewrite them.
        if pub.state != P.State.PUBLISHED or pub.published_at is None:
            pub.published_at = at
        pub.state = P.State.PUBLISHED
        pub.acked_hash = event.payload.get("revision", "")
        pub.ack_id = str(answer.get("ack_id", ""))
    else:
        pub.state, pub.unpublished_at, pub.acked_hash = P.State.UNPUBLISHED, at, ""
    pub.save()
