"""No delivery in the user's request, in any mode (issue 16).

Without a broker (Celery eager: the suite, one-off commands) a step signals nobody and sends nothing: the
outbox rows wait, untried, for a worker or the sweep. The embedded default of ``make demo`` (a real worker
on kombu's filesystem broker) is proven end to end in ``tests/runtime/test_embedded_worker.py``.
"""

import pytest
from django.conf import settings as django_settings

from services.constants import FilingStatus as S
from services.models import OutboxEvent
from services.sync import delivery
from tests.builders import drive, new_draft

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(django_settings.CELERY_BROKER_URL), reason="eager mode (no broker) only"),
]


def test_a_step_sends_nothing_in_the_request_the_delivery_sends_it_after(gateway, world, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = True
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    assert gateway.statuses(filing.code) == []
    assert list(OutboxEvent.objects.values_list("state", "attempts")) == [(OutboxEvent.State.PENDING, 0)] * 2
    assert delivery.wake() is False  # nobody to signal without a broker
    assert delivery.deliver_due() == {"sent": 2, "retry": 0, "dead": 0}
    assert gateway.statuses(filing.code) == [S.SUBMITTED, S.RECEIVED]


def test_a_down_gateway_is_never_tried_in_the_users_step(gateway, world, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = True
    gateway.set_mode("slow", delay=2.5)
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    assert filing.status == S.RECEIVED
    assert not OutboxEvent.objects.filter(attempts__gt=0).exists()
    gateway.set_mode("ok")
