"""The embedded mode (Celery eager): a transition wakes the delivery after commit, in the same process."""

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
