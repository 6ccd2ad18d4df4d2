"""Serve only the mock Payment Platform, as its own process: ``manage.py run_mock_payment --port 18100``."""

from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import run

URLCONF = "mocks.payment_platform.standalone_urls"


class MockPlatformHandler(WSGIHandler):
    """A WSGI handler that resolves every request against the mock's URLconf, not the portal's."""

    def get_response(self, request):
        request.urlconf = URLCONF
        return super().get_response(request)


class Command(BaseCommand):
    help = "Chạy nền tảng thanh toán mô phỏng / Run the mock Payment Platform on its own port."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=18100)

    def handle(self, *args, host, port, **options):
        self.stdout.write(f"Mock Payment Platform on http://{host}:{port}/ (Ctrl-C to stop)")
        run(host, port, MockPlatformHandler(), ipv6=False, threading=True)
