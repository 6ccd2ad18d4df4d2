from django.core.management.base import BaseCommand

from services.sync import publication


class Command(BaseCommand):
    help = (
        "Công bố/gỡ dịch vụ công trực tuyến trên Cổng DVCQG / Publish every eligible online service "
        "(re-publish the changed ones, unpublish the ones no longer eligible)."
    )

    def handle(self, *args, **options):
        result = publication.sync_catalog(actor=None)
        self.stdout.write(", ".join(f"{k}: {len(v)}" for k, v in result.items()))
