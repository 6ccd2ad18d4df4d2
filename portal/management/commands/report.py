import csv
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from portal.reports import replica
from portal.reports.metrics import KEYS, RATES, Period, Scope, compute, compute_split
from services.models import Agency, Province


def parse_date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Báo cáo các chỉ số của một tỉnh / cơ quan trong một kỳ / The metrics of a province or agency."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="slug, e.g. ben-tre")
        parser.add_argument("--agency", help="agency code: the agency and its sub-agencies")
        parser.add_argument("--from", dest="start", required=True, type=parse_date)
        parser.add_argument("--to", dest="end", required=True, type=parse_date)
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--split", choices=["level", "field", "agency"])

    @replica.reading
    def handle(self, *args, **o):
        try:
            province = Province.objects.get(slug=o["province"])
        except Province.DoesNotExist as exc:
            raise CommandError(f"unknown province: {o['province']}") from exc
        scope = Scope.for_province(province)
        if o["agency"]:
            agency = Agency.objects.filter(province=province, code=o["agency"]).first()
            if agency is None:
                raise CommandError(f"unknown agency in {province.slug}: {o['agency']}")
            scope = Scope.for_agency(agency)
        if o["end"] < o["start"]:
            raise CommandError("--to is before --from")
        period = Period(o["start"], o["end"])
        figures = compute(scope, period)
        header = {
            "province": province.slug,
            "agency": o["agency"],
            "from": str(period.start),
            "to": str(period.end),
        }
        if o["format"] == "json":
            out = {**header, **figures}
            if o["split"]:
                out["split"] = {"by": o["split"], "groups": compute_split(scope, period, o["split"])}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        elif o["format"] == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(["key", "value", "numerator", "denominator"])
            for key in KEYS:
                fraction = figures["fractions"].get(key, {})
                writer.writerow(
                    [key, figures[key], fraction.get("numerator", ""), fraction.get("denominator", "")]
                )
        else:
            self.stdout.write(f"{province.name} {o['agency'] or ''} {period.start} .. {period.end}")
            for key in KEYS:
                value = figures[key]
                if key in RATES:
                    f = figures["fractions"][key]
                    shown = "—" if value is None else f"{value:.2f}%"
                    self.stdout.write(f"  {key:<42} {shown:>9}  ({f['numerator']:,}/{f['denominator']:,})")
                else:
                    self.stdout.write(f"  {key:<42} {value:>9,}")
