"""Each filing knows whether the gateway acknowledged every one of its status events, and how late; the
rating reaches the mock gateway, which keeps it (real HTTP to the mock, live server)."""

import datetime as dt

import pytest
from django.utils import timezone

from services import ratings, selectors, services
from services.constants import FilingStatus as S
from services.models import Filing, OutboxEvent
from services.sync import delivery
from tests.builders import drive, new_draft

pytestmark = pytest.mark.django_db(transaction=True)


def _deliver_all():
    while delivery.deliver_due()["sent"]:
        pass


def test_a_filing_is_sync_complete_once_its_last_status_event_is_acknowledged(gateway, world):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    assert selectors.sync_incomplete(Filing.objects.filter(pk=filing.pk)).exists()
    # the submission changed an hour before it was acknowledged
    first = (
        OutboxEvent.objects.filter(topic="filing.status", key=f"filing:{filing.code}").order_by("id").first()
    )
    first.payload["at"] = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    first.save(update_fields=["payload"])
    _deliver_all()
    filing.refresh_from_db()
    assert not selectors.sync_incomplete(Filing.objects.filter(pk=filing.pk)).exists()
    assert filing.sync_complete_at is not None and 3590 <= filing.sync_lag_seconds <= 3700
    assert gateway.statuses(filing.code) == [S.SUBMITTED, S.RECEIVED]


def test_an_unacknowledged_status_event_keeps_the_filing_incomplete(gateway, world):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    _deliver_all()
    filing.refresh_from_db()
    assert filing.sync_complete_at is not None
    gateway.set_mode("error", status_code=503)
    filing = services.receive_filing(filing=filing, actor=world["desk"])
    delivery.deliver_due(stop_on_failure=True)
    filing.refresh_from_db()
    assert filing.sync_complete_at is None
    assert list(selectors.sync_incomplete()) == [filing]
    gateway.set_mode("ok")
    OutboxEvent.objects.filter(state=OutboxEvent.State.PENDING).update(available_at=timezone.now())
    _deliver_all()
    filing.refresh_from_db()
    assert filing.sync_complete_at is not None and not selectors.sync_incomplete().exists()


def test_the_rating_reaches_the_gateway_and_a_change_replaces_it(gateway, world):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.RESULT_RETURNED, world)
    ratings.rate_filing(filing=filing, actor=world["applicant"], value="dissatisfied", comment="Chậm")
    _deliver_all()
    held = gateway._call("GET", f"api/filings/{filing.code}/rating/").json()
    assert (held["value"], held["comment"]) == ("dissatisfied", "Chậm")
    ratings.rate_filing(filing=filing, actor=world["applicant"], value="satisfied")
    _deliver_all()
    assert gateway._call("GET", f"api/filings/{filing.code}/rating/").json()["value"] == "satisfied"
    kinds = [h.get("topic") for h in gateway.history(filing.code)]
    assert kinds[-2:] == ["filing.rating", "filing.rating"]
    # the rating's events do not make the filing's status sync incomplete
    assert not selectors.sync_incomplete().exists()
