import socket
import time
from urllib.parse import urlparse

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from services.sync import delivery, publication


class Command(BaseCommand):
    help = (
        "Công bố/gỡ dịch vụ công trực tuyến trên Cổng DVCQG / Publish every eligible online service "
        "(re-publish the changed ones, unpublish the ones no longer eligible), then wake the delivery."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait-for-gateway",
            type=float,
            default=0,
            metavar="SECONDS",
            help="first wait (at most this long) until the gateway's port accepts connections",
        )

    def handle(self, *args, wait_for_gateway, **options):
        if wait_for_gateway:
            self._wait(wait_for_gateway)
        with override_settings(NATIONAL_GATEWAY_WAKE_ON_COMMIT=False):  # one wake at the end, not one each
            result = publication.sync_catalog(actor=None)
        self.stdout.write(", ".join(f"{k}: {len(v)}" for k, v in result.items()))
        delivery.wake()

    def _wait(self, seconds):
        url = urlparse(settings.NATIONAL_GATEWAY_URL)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((url.hostname, url.port or 80), timeout=1):
                    return
            except OSError:
                time.sleep(0.5)
        self.stderr.write("gateway not reachable yet; the events wait in the outbox")
