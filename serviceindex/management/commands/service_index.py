"""``manage.py service_index``: the same numbers as ``GET /api/v1/reports/service-index/``."""

import csv
import json

from django.core.management.base import BaseCommand

from portal.reports import replica
from portal.reports.cli import add_scope_arguments, scope_of
from serviceindex.compute import compute


class Command(BaseCommand):
    help = "Bộ chỉ số 766 của một tỉnh / cơ quan trong một kỳ / The service index of a province or agency."

    def add_arguments(self, parser):
        add_scope_arguments(parser)
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    @replica.reading  # the read replica when DATABASE_REPLICA_URL is set, as the report command
    def handle(self, *args, **o):
        chosen = scope_of(o)
        province, period = chosen.province, chosen.period
        index = compute(chosen.scope, period)
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
            self.stdout.write(f"{province.name} {o['agency'] or ''} {period.start} .. {period.end}")
            for group in index["groups"]:
                self.stdout.write(
                    f"{group['name_vi']} ({group['name_en']}): {group['points']} / {group['max']}"
                )
                for i in group["indicators"]:
                    shown = "—" if i["rate"] is None else f"{i['rate']:.2f}%"
                    self.stdout.write(f"  {i['key']:<28} {shown:>8} ({i['numerator']:,}/{i['denominator']:,})"
                                      f"  {i['points']} / {i['max']}")  # fmt: skip
            self.stdout.write(f"total: {index['total']} / {index['max']}")
