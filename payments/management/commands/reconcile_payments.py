"""Reconcile one day with the platform: ``manage.py reconcile_payments --date 2026-11-24``."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from payments.providers.base import ProviderError
from payments.reconciliation import reconcile_day


class Command(BaseCommand):
    help = "Đối soát thanh toán một ngày / Reconcile one day's payments with the Payment Platform."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError("--date phải là YYYY-MM-DD / must be YYYY-MM-DD") from exc
        day = day or timezone.localdate() - timedelta(days=1)
        try:
            found = reconcile_day(day=day)
        except ProviderError as exc:
            raise CommandError(f"Nền tảng không trả lời / The platform did not answer: {exc}") from exc
        for mismatch in found:
            self.stdout.write(
                f"{mismatch.kind}\t{mismatch.order_id}\t{mismatch.platform_amount}\t{mismatch.portal_amount}"
            )
        self.stdout.write(f"{day}: {len(found)} mismatch(es)")
