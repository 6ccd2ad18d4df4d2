"""The portal's settings, with the bench's URL conf on top (the one-INSERT baseline view): only the bench's
gunicorn uses it (``DJANGO_SETTINGS_MODULE=bench.settings``); the product never imports it."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
