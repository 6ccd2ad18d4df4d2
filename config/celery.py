"""The Celery application.

In the embedded default (no ``CELERY_BROKER_URL``) tasks run in-process (eager); with a broker set they
go to a separate ``celery -A config worker -B`` process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

import observability.celery  # noqa: E402,F401 - the request id in the worker's log lines
