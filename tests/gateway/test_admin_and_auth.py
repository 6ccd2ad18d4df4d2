"""What admins do from the Django admin, and a gateway that refuses our token."""

import pytest
from django.urls import reverse

from services.constants import FilingStatus as S
from services.models import OutboxEvent, ProcedurePublication
from services.sync import delivery
from tests.builders import drive, new_draft
from tests.gateway.helpers import MockGateway

pytestmark = pytest.mark.django_db(transaction=True)
E = OutboxEvent.State


def test_admins_redrive_dead_events_from_the_outbox_list(gateway, world, client, settings):
    settings.NATIONAL_GATEWAY_MAX_ATTEMPTS = 1
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    gateway.set_mode("error", status_code=503, remaining=1)
    delivery.deliver_due()
    dead = OutboxEvent.objects.get(state=E.DEAD)
    client.force_login(world["admin"])
    url = reverse("admin:services_outboxevent_changelist")
    client.post(url, {"action": "redrive_events", "_selected_action": [dead.pk]})
    dead.refresh_from_db()
    assert (dead.state, dead.attempts) == (E.PENDING, 0)
    delivery.deliver_due()
    assert gateway.statuses(filing.code) == [S.SUBMITTED]


def test_admins_publish_selected_procedures_from_the_catalog_list(gateway, world, client):
    procedure = world["procedure"]
    client.force_login(world["admin"])
    url = reverse("admin:services_procedure_changelist")
    client.post(url, {"action": "publish_selected", "_selected_action": [procedure.pk]})
    delivery.deliver_due()
    assert ProcedurePublication.objects.get(procedure=procedure).state == ProcedurePublication.State.PUBLISHED


def test_a_refused_token_is_retried_not_parked_so_fixing_the_setting_recovers(gateway, world, settings):
    assert (
        MockGateway(settings.NATIONAL_GATEWAY_URL, token="wrong")._call("GET", "api/control/").status_code
        == 401
    )
    settings.NATIONAL_GATEWAY_TOKEN = "wrong"
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    delivery.deliver_due()
    event = OutboxEvent.objects.get()
    assert event.state == E.PENDING and "HTTP 401" in event.last_error
    settings.NATIONAL_GATEWAY_TOKEN = settings.MOCK_GATEWAY_TOKEN
    OutboxEvent.objects.update(available_at=event.created_at)  # do not wait out the backoff
    delivery.deliver_due()
    assert gateway.statuses(filing.code) == [S.SUBMITTED]
