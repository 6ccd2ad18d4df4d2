from django.core.management.base import BaseCommand

from portal.reports.reconcile import reconcile


class Command(BaseCommand):
    help = "Đối chiếu số liệu các bài báo với số tính lại / Each article's figure beside the recomputed one."

    def handle(self, *args, **options):
        for line in reconcile():
            f = line.figure
            value = "—" if line.value is None else line.value
            fraction = f" ({line.numerator}/{line.denominator})" if line.denominator is not None else ""
            mark = "OK " if line.matches else "≠  "
            self.stdout.write(f"{mark}{f.slug:<12} {f.start}..{f.end}  {f.label}")
            self.stdout.write(f"     in / printed: {f.printed:<26} tính lại / recomputed: {value}{fraction}")
            if f.note:
                self.stdout.write(f"     {f.note}")
            for note in line.notes:
                self.stdout.write(self.style.WARNING(f"     ! {note}"))
