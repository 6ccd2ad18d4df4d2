"""The scope and period of a report command (``manage.py report``, ``manage.py service_index``): the same
arguments, looked up one way (an unknown province or agency, or a period that ends before it starts, is a
``CommandError`` naming it)."""

import dataclasses
import datetime as dt

from django.core.management.base import CommandError

from portal.reports.metrics import Period, Scope
from services.models import Agency, Province


def parse_date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


def add_scope_arguments(parser):
    parser.add_argument("--province", required=True, help="slug, e.g. ben-tre")
    parser.add_argument("--agency", help="agency code: the agency and its sub-agencies")
    parser.add_argument("--from", dest="start", required=True, type=parse_date)
    parser.add_argument("--to", dest="end", required=True, type=parse_date)


@dataclasses.dataclass(frozen=True)
class CommandScope:
    province: Province
    agency: Agency | None
    scope: Scope
    period: Period


def scope_of(options):
    """The province, agency, :class:`Scope` and :class:`Period` the options name (read inside the command's
    ``replica.reading``, like the report's own reads)."""
    province = Province.objects.filter(slug=options["province"]).first()
    if province is None:
        raise CommandError(f"unknown province: {options['province']}")
    scope, agency = Scope.for_province(province), None
    if options.get("agency"):
        agency = Agency.objects.filter(province=province, code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"unknown agency in {province.slug}: {options['agency']}")
        scope = Scope.for_agency(agency)
    start, end = options["start"], options["end"]
    if end < start:
        raise CommandError("--to is before --from")
    return CommandScope(province, agency, scope, Period(start, end))
