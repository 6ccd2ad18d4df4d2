"""Serve only the mock SMS gateway, as its own process (stop it and the gateway is down)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run


class Command(BaseCommand):
    help = "Chạy cổng SMS giả lập / Run the mock SMS gateway on its own port."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=18300)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, host, port, **options):
        settings.ROOT_URLCONF = "mocks.sms.standalone_urls"
        self.stdout.write(f"Mock SMS gateway: http://{host}:{port}/mock-sms/", ending="\n")
        self.stdout.flush()
        run(host, port, get_internal_wsgi_application(), threading=True, server_cls=WSGIServer)
