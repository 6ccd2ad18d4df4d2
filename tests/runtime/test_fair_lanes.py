"""Fair delivery (issue 16): a catalog publication backlog never holds up filings' status events."""

import time

import pytest
from django.db import connection

from config.celery import app
from services.constants import FilingStatus as S
from services.models import OutboxEvent, Procedure
from services.sync import delivery, publication
from tests.builders import drive, new_draft
from tests.factories import ProcedureFactory
from tests.gateway.helpers import MockGateway, free_port, service_env, start_mock, start_worker, wait_until

E = OutboxEvent.State


def _catalog_backlog(agency, n):
    """``n`` pending publication requests of ``n`` procedures, as ``publish_catalog`` leaves them."""
    template = ProcedureFactory(agency=agency)
    procedures = Procedure.objects.bulk_create(
        [
            Procedure(
                agency=agency,
                province=template.province,
                national_code=f"2.{i:06d}",
                name=f"Thủ tục {i}",
                field=template.field,
                online_level=template.online_level,
                processing_days=template.processing_days,
                fee=0,
            )
            for i in range(n)
        ]
    )
    OutboxEvent.objects.bulk_create(
        [
            OutboxEvent(
                topic=publication.PUBLISH,
                key=f"procedure:{p.pk}",
                payload={**publication.publication_payload(p), "revision": "r1"},
            )
            for p in Procedure.objects.filter(pk__in=[p.pk for p in procedures]).select_related(
                "agency", "province"
            )
        ]
    )


@pytest.mark.django_db
def test_a_claim_takes_the_status_lane_before_an_older_catalog_backlog(world):
    _catalog_backlog(world["procedure"].agency, 30)
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    claimed = delivery.claim_fairly(turn=0)
    assert claimed.key == f"filing:{filing.code}"
    assert delivery.claim_fairly(turn=1).topic == publication.PUBLISH  # nothing else in the status lane


@pytest.mark.django_db
def test_the_catalog_lane_gets_its_share_under_a_steady_stream_of_statuses(world):
    _catalog_backlog(world["procedure"].agency, 3)
    for _ in range(12):
        drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    lanes = [delivery.claim_fairly(turn=t).topic for t in range(delivery.CATALOG_SHARE)]
    assert lanes.count(publication.PUBLISH) == 1 and lanes[-1] == publication.PUBLISH


@pytest.mark.postgres
@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_with_2000_publications_pending_a_new_filings_status_reaches_the_gateway_within_5_s(
    world, tmp_path, settings
):
    port = free_port()
    url = f"http://127.0.0.1:{port}/mock-gateway/"
    env = service_env(
        connection.settings_dict["NAME"],
        NATIONAL_GATEWAY_URL=url,
        NATIONAL_GATEWAY_SWEEP_SECONDS=1,
        NATIONAL_GATEWAY_CONNECT_TIMEOUT=1,
        NATIONAL_GATEWAY_READ_TIMEOUT=5,
    )
    _catalog_backlog(world["procedure"].agency, 2000)
    app.control.purge()
    mock = start_mock(port, env, tmp_path / "mock.log")
    worker = None
    try:
        gateway = MockGateway(url)
        gateway.set_mode("ok")
        worker = start_worker(env, tmp_path / "worker.log", beat_dir=tmp_path)
        catalog = OutboxEvent.objects.filter(topic=publication.PUBLISH)
        wait_until(lambda: catalog.filter(state=E.SENT).count() >= 20, timeout=60, what="the backlog moving")
        settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = True  # the step signals the worker through Redis
        filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
        committed = time.monotonic()
        backlog_then = catalog.filter(state=E.PENDING).count()
        wait_until(lambda: gateway.statuses(filing.code) == [S.SUBMITTED], timeout=30, what="the status")
        took = time.monotonic() - committed
    finally:
        if worker is not None:
            worker.stop()
        mock.stop()
    print(
        f"a new filing's status reached the gateway in {took:.2f} s with {backlog_then} publications pending"
    )
    assert backlog_then > 1000, "the backlog was still there when the filing moved"
    assert took < 5.0
