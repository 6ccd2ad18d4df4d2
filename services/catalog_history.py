"""Catalog history (lịch sử danh mục thủ tục): the catalog as it stood at any moment, and its one write path.

Reading
-------
:func:`catalog_as_of(moment) <catalog_as_of>` is a queryset of :class:`~services.models.ProcedureVersion`
rows, one per procedure that existed at ``moment`` (aware datetime), each with the procedure's attributes as
they stood then::

    procedure_id, online_level, fee, processing_days, agency_id, field, is_active,
    eligible_for_national_gateway, integrated, valid_from, valid_to, changed_by_id, change

``integrated`` is the gateway's acknowledged publication in force at that moment (acknowledged at or before
it and not withdrawn since). Inactive procedures (``is_active=False``) are included: filter them out where a
figure counts procedures in force. Narrow by province with ``procedure__province_id`` and by agency with
``agency_id`` (the agency *of the version*: a procedure moved to another agency counts where it was).
:func:`catalog_at_end` is the catalog on a period's last instant (the version valid just before the
exclusive bound ``until``): what the reports read.

Writing
-------
Every change goes through :func:`record` (or :func:`record_publication` for the gateway state), in the
transaction of the change: ``Procedure.save()`` and ``ProcedurePublication.save()`` call it, so the Django
admin, the services, the seeds and the factories all write history; bulk loaders that bypass ``save()``
(``demo/seed.py``) write their versions with :func:`bulk_history`. A change at ``at`` closes the version in
force at ``at`` and opens a new one; a dated change in the past (seeds, an acknowledgement carrying its own
time) splits the version it falls in and applies to every version after it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from services.models import ProcedureVersion

# Before any period a report is asked about: the validity start of the backfilled versions and of seeds.
CATALOG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# The attributes a version copies from the procedure row (``integrated`` comes from the publication).
ROW_FIELDS = (
    "online_level",
    "fee",
    "processing_days",
    "agency_id",
    "field",
    "is_active",
    "eligible_for_national_gateway",
)
FIELDS = (*ROW_FIELDS, "integrated")
Change = ProcedureVersion.Change


def catalog_as_of(moment):
    """The versions in force at ``moment``: ``valid_from <= moment < valid_to`` (see the module's docstring)."""
    return ProcedureVersion.objects.filter(valid_from__lte=moment).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=moment)
    )


def catalog_at_end(until):
    """The catalog on a period's last instant: the versions valid just before the exclusive bound ``until``."""
    return ProcedureVersion.objects.filter(valid_from__lt=until).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=until)
    )


def history_of(procedure):
    """A procedure's versions, latest first, with the agency and who changed it (the manage page's table)."""
    return (
        ProcedureVersion.objects.filter(procedure=procedure)
        .select_related("agency", "changed_by")
        .order_by("-valid_from")
    )


def snapshot(procedure):
    return {name: getattr(procedure, name) for name in ROW_FIELDS}


def record(procedure, *, at=None, actor=None, change=Change.EDITED, values=None, until=None):
    """From ``at`` (default now) until ``until`` (default: from then on), the procedure has ``values``
    (default: the row's attributes as saved). Versions that already say so are left alone; nothing is
    written when nothing changed. The first call for a procedure opens its first version at ``at``."""
    at = at or timezone.now()
    values = snapshot(procedure) if values is None else values
    if until is not None and until <= at:
        return
    with transaction.atomic():
        versions = list(
            ProcedureVersion.objects.select_for_update()
            .filter(procedure_id=procedure.pk)
            .order_by("valid_from")
        )
        if not versions:
            initial = {"integrated": False, **snapshot(procedure), **values}
            ProcedureVersion.objects.create(
                procedure_id=procedure.pk,
                valid_from=at,
                valid_to=until,
                changed_by=actor,
                change=change,
                **initial,
            )
            return
        at = max(at, versions[0].valid_from)  # the procedure did not exist before its first version
        for version in versions:
            if version.valid_to is not None and version.valid_to <= at:
                continue
            if until is not None and version.valid_from >= until:
                break
            _split(version, at, until, values, actor, change)


def _split(version, start, until, values, actor, change):
    """Apply ``values`` to the part of ``version`` inside [start, until): at most three pieces."""
    if all(getattr(version, k) == v for k, v in values.items()):
        return
    original = {k: getattr(version, k) for k in FIELDS}
    lo = max(version.valid_from, start)
    hi = (
        version.valid_to
        if until is None
        else (until if version.valid_to is None else min(version.valid_to, until))
    )
    pieces = []
    if version.valid_from < lo:
        pieces.append((version.valid_from, lo, original, version.changed_by_id, version.change))
    pieces.append((lo, hi, {**original, **values}, actor.pk if actor else None, change))
    if hi is not None and (version.valid_to is None or hi < version.valid_to):
        pieces.append((hi, version.valid_to, original, version.changed_by_id, version.change))
    (first_from, first_to, first_values, first_by, first_change), *rest = pieces
    ProcedureVersion.objects.filter(pk=version.pk).update(
        valid_from=first_from, valid_to=first_to, changed_by_id=first_by, change=first_change, **first_values
    )
    ProcedureVersion.objects.bulk_create(
        ProcedureVersion(
            procedure_id=version.procedure_id, valid_from=f, valid_to=t, changed_by_id=by, change=c, **v
        )
        for f, t, v, by, c in rest
    )


def integrated_periods(publication):
    """The acknowledged publication as ``(published_from, withdrawn_at or None)``, or None: the rule the
    reports used before the history (acknowledged, and not withdrawn after that acknowledgement)."""
    if publication.published_at is None:
        return None
    withdrawn = publication.unpublished_at
    if withdrawn is not None and withdrawn < publication.published_at:
        withdrawn = None  # an old withdrawal, before the latest acknowledged publication
    return publication.published_at, withdrawn


def record_publication(publication, *, created=False):
    """The gateway state of ``publication`` into the history, from the acknowledgement it records: integrated
    from ``published_at``, not integrated from an ``unpublished_at`` after it. A publication row written at
    once with its past (``created``: seeds, tests) gives both periods; a change of an existing row applies its
    latest transition only, so earlier periods of integration stay as they were recorded."""
    period = integrated_periods(publication)
    if period is None:
        return
    published, withdrawn = period
    procedure = publication.procedure
    if withdrawn is None or created:
        record(procedure, at=published, until=withdrawn, values={"integrated": True}, change=Change.GATEWAY)
    if withdrawn is not None:
        record(procedure, at=withdrawn, values={"integrated": False}, change=Change.GATEWAY)


def version_rows(procedure, changes=(), *, start=CATALOG_EPOCH, initial=None, change=Change.SEED):
    """Unsaved versions of a procedure (no query): from ``start`` its row's attributes overridden by
    ``initial`` (``integrated`` False unless given), then each dated change ``(at, {field: value})`` in
    order of time. The caller keeps the row equal to the last version."""
    values = {"integrated": False, **snapshot(procedure), **(initial or {})}
    points = [(start, values)]
    for at, diff in sorted(changes, key=lambda c: c[0]):
        values = {**values, **diff}
        if at <= points[-1][0]:
            points[-1] = (points[-1][0], values)
        else:
            points.append((at, values))
    return [
        ProcedureVersion(procedure_id=procedure.pk, valid_from=at, valid_to=nxt[0] if nxt else None, change=change,
                         **vals)
        for (at, vals), nxt in zip(points, [*points[1:], None], strict=True)
    ]  # fmt: skip


def bulk_history(items, *, batch_size=2000):
    """Write the versions of procedures inserted in bulk (``items``: lists from :func:`version_rows`)."""
    ProcedureVersion.objects.bulk_create([v for rows in items for v in rows], batch_size=batch_size)
