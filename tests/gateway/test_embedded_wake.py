"""The embedded mode (Celery eager): a transition wakes the delivery after commit, in the same process."""

import time

import pytest
from django.conf import settings as django_settings

from services.constants import FilingStatus as S
from services.models import OutboxEvent
from tests.builders import drive, new_draft
from tests.gateway.helpers import free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(django_settings.CELERY_BROKER_URL), reason="embedded (eager) mode only"),
]


def test_a_transition_is_delivered_right_after_commit_in_the_embedded_mode(gateway, world, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = True
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    assert gateway.statuses(filing.code) == [S.SUBMITTED, S.RECEIVED]
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {OutboxEvent.State.SENT}


def test_a_gateway_failure_never_breaks_the_users_step(gateway, world, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = True
    settings.NATIONAL_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/mock-gateway/"
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    assert filing.status == S.RECEIVED
    assert list(OutboxEvent.objects.values_list("state", flat=True)) == [OutboxEvent.State.PENDING] * 2
    assert "connection failed" in OutboxEvent.objects.first().last_error


def test_a_slow_gateway_costs_the_users_step_one_attempt_not_the_backlog(gateway, world, settings):
    for _ in range(3):  # a backlog of three other filings, queued while nobody woke the delivery
        drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = True
    gateway.set_mode("slow", delay=2.5)  # beyond the 2 s read timeout of the tests
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    assert filing.status == S.SUBMITTED
    tried = OutboxEvent.objects.filter(attempts__gt=0)
    assert tried.count() == 1, "one read timeout in the user's request, not one per pending event"
    assert "timed out" in tried.get().last_error.lower() or "timeout" in tried.get().last_error.lower()
    assert OutboxEvent.objects.filter(state=OutboxEvent.State.PENDING).count() == 4
    gateway.set_mode("ok")
    time.sleep(1)  # the slow request finishes on the gateway's side
