"""The mock national gateway alone, for the bench's gunicorn (``bench/outbox.py``): the portal's settings with
the mock's own URL conf, as ``run_mock_gateway`` serves it, on a production-grade server."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "mocks.gateway.standalone_urls"
