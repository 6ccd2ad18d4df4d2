"""Serve only the mock VNeID provider, as its own process: ``manage.py run_mock_vneid --port 18200``."""

from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import run

URLCONF = "mocks.vneid.standalone_urls"


class MockVneidHandler(WSGIHandler):
    """Resolves every request against the mock's URLconf, not the portal's."""

    def get_response(self, request):
        request.urlconf = URLCONF
        return super().get_response(request)


class Command(BaseCommand):
    help = "Chạy VNeID mô phỏng / Run the mock VNeID OpenID Connect provider on its own port."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=18200)

    def handle(self, *args, host, port, **options):
        self.stdout.write(f"Mock VNeID on http://{host}:{port}/ (Ctrl-C to stop)")
        run(host, port, MockVneidHandler(), ipv6=False, threading=True)
