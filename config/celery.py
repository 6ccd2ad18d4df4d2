"""The Celery application.

Without ``CELERY_BROKER_URL`` (the test suite, one-off commands) tasks run in-process (eager); with
``filesystem://`` (``make demo``) or ``redis://`` (``make services``) they go to a separate worker, and
beat runs the periodic jobs. See the Celery block of ``config/settings.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
