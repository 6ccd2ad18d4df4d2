"""The payments beat entries name tasks that exist and run (on an empty day they find nothing)."""

import pytest
from django.conf import settings

from config.celery import app
from payments import tasks


def test_every_payments_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    entries = {k: v for k, v in settings.CELERY_BEAT_SCHEDULE.items() if k.startswith("payments-")}
    assert len(entries) == 4
    for entry in entries.values():
        assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_the_sweeps_have_nothing_to_do_without_payments():
    assert tasks.expire_unpaid_payments() == 0
    assert tasks.check_pending_payments() == 0
    assert tasks.refund_unneeded_payments() == 0
