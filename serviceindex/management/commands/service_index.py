"""``manage.py service_index``: the same numbers as ``GET /api/v1/reports/service-index/``."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from portal.management.commands.report import parse_date
from portal.reports.metrics import Period, Scope
from serviceindex.compute import compute
from services.models import Agency, Province


class Command(BaseCommand):
    help = "Bộ chỉ số 766 của một tỉnh / cơ quan trong một kỳ / The service index of a province or agency."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="slug, e.g. ben-tre")
        parser.add_argument("--agency", help="agency code: the agency and its sub-agencies")
        parser.add_argument("--from", dest="start", required=True, type=parse_date)
        parser.add_argument("--to", dest="end", required=True, type=parse_date)
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, **o):
        province = Province.objects.filter(slug=o["province"]).first()
        if province is None:
            raise CommandError(f"unknown province: {o['province']}")
        scope = Scope.for_province(province)
        if o["agency"]:
            agency = Agency.objects.filter(province=province, code=o["agency"]).first()
            if agency is None:
                raise CommandError(f"unknown agency in {province.slug}: {o['agency']}")
            scope = Scope.for_agency(agency)
        if o["end"] < o["start"]:
            raise CommandError("--to is before --from")
        index = compute(scope, Period(o["start"], o["end"]))
        if o["format"] == "json":
            self.stdout.write(json.dumps(index, ensure_ascii=False, indent=2))
        elif o["format"] == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(["group", "key", "numerator", "denominator", "rate", "points", "max"])
            for group in index["groups"]:
                for i in group["indicators"]:
                    writer.writerow([group["key"], i["key"], i["numerator"], i["denominator"],
                                     "" if i["rate"] is None else i["rate"], i["points"], i["max"]])  # fmt: skip
                writer.writerow([group["key"], "", "", "", "", group["points"], group["max"]])
            writer.writerow(["", "total", "", "", "", index["total"], index["max"]])
        else:
            self.stdout.write(f"{province.name} {o['agency'] or ''} {o['start']} .. {o['end']}")
            for group in index["groups"]:
                self.stdout.write(
                    f"{group['name_vi']} ({group['name_en']}): {group['points']} / {group['max']}"
                )
                for i in group["indicators"]:
                    shown = "—" if i["rate"] is None else f"{i['rate']:.2f}%"
                    self.stdout.write(f"  {i['key']:<28} {shown:>8} ({i['numerator']:,}/{i['denominator']:,})"
                                      f"  {i['points']} / {i['max']}")  # fmt: skip
            self.stdout.write(f"total: {index['total']} / {index['max']}")
