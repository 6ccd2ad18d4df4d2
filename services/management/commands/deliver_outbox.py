from django.core.management.base import BaseCommand

from services.sync import delivery


class Command(BaseCommand):
    help = "Gửi ngay các sự kiện đến hạn / Deliver the due outbox events now, in this process."

    def handle(self, *args, **options):
        self.stdout.write(str(delivery.deliver_due()))
