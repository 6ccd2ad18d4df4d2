from django.core.management.base import BaseCommand

from portal.reports import rollups


class Command(BaseCommand):
    help = "Fold the closed days into the reports' daily rollups (--rebuild: from the first record again)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="forget the watermark and fold every day")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            rollups.reset()
        self.stdout.write(str(rollups.refresh()))
