import csv
import json

from django.core.management.base import BaseCommand

from portal.reports import replica
from portal.reports.cli import add_scope_arguments, scope_of
from portal.reports.metrics import KEYS, RATES, compute, compute_split


class Command(BaseCommand):
    help = "Báo cáo các chỉ số của một tỉnh / cơ quan trong một kỳ / The metrics of a province or agency."

    def add_arguments(self, parser):
        add_scope_arguments(parser)
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--split", choices=["level", "field", "agency"])

    @replica.reading
    def handle(self, *args, **o):
        chosen = scope_of(o)
        province, scope, period = chosen.province, chosen.scope, chosen.period
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
