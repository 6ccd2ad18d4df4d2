from django.core.management.base import BaseCommand

from services.sync import delivery


class Command(BaseCommand):
    help = "Gửi lại sự kiện lỗi (đặt lại số lần thử) / Re-drive dead outbox events (resets their attempts)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="event ids (default: every dead event)")

    def handle(self, *args, ids, **options):
        count = delivery.redrive(events=ids or None)
        self.stdout.write(self.style.SUCCESS(f"re-driven: {count}"))
