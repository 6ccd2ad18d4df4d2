"""Filings forwarded by the national gateway, and the catalog publication, over real HTTP."""

import pytest
from django.urls import reverse

from services import services
from services.constants import Channel, OnlineLevel
from services.constants import FilingStatus as S
from services.exceptions import InvalidInput, NotPermitted
from services.models import Filing, FilingEvent, OutboxEvent, ProcedurePublication
from services.sync import delivery, publication
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)
P = ProcedurePublication


def _national_filing(procedure, national_id="G-2024-000123"):
    return {
        "national_id": national_id,
        "procedure_code": procedure.national_code,
        "agency_code": procedure.agency.code,
        "applicant_name": "Trần Thị Bình",
        "applicant_personal_id": "086090012345",
        "applicant_phone": "0912345678",
    }


def test_the_same_national_filing_forwarded_three_times_creates_one_filing(gateway, world):
    body = _national_filing(world["procedure"])
    answers = [gateway.forward(body).json() for _ in range(3)]
    assert [a["province_status"] for a in answers] == [201, 200, 200]
    assert len({a["province"]["code"] for a in answers}) == 1
    filing = Filing.objects.get()
    assert (filing.channel, filing.national_id, filing.status) == (
        Channel.NATIONAL_GATEWAY,
        body["national_id"],
        S.SUBMITTED,
    )
    assert filing.applicant is None
    assert list(FilingEvent.objects.values_list("action", "actor")) == [("submit", None)]
    assert OutboxEvent.objects.filter(key=f"filing:{filing.code}").count() == 1


def test_a_forwarded_filing_is_received_by_the_desk_like_any_other(gateway, world):
    gateway.forward(_national_filing(world["procedure"]))
    filing = services.receive_filing(filing=Filing.objects.get(), actor=world["desk"])
    assert filing.status == S.RECEIVED and filing.due_date is not None


def test_the_inbound_endpoint_refuses_a_wrong_token_and_an_unknown_procedure(gateway, world, client):
    url = reverse("sync:inbound-filing")
    body = _national_filing(world["procedure"])
    assert client.post(url, body, content_type="application/json").status_code == 401
    auth = {"HTTP_AUTHORIZATION": "Bearer dev-gateway-inbound-token"}
    unknown = {**body, "procedure_code": "9.999999"}
    response = client.post(url, unknown, content_type="application/json", **auth)
    assert response.status_code == 400 and response.json()["message_en"]
    assert not Filing.objects.exists()


def test_without_an_inbound_token_configured_every_inbound_call_is_refused(gateway, world, client, settings):
    settings.NATIONAL_GATEWAY_INBOUND_TOKEN = ""
    response = client.post(
        reverse("sync:inbound-filing"),
        _national_filing(world["procedure"]),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer ",
    )
    assert response.status_code == 401 and not Filing.objects.exists()


def test_a_procedure_counts_as_integrated_only_once_the_gateway_acknowledged_it(gateway, world):
    procedure = world["procedure"]
    result = publication.publish_procedures(actor=world["admin"])
    assert result["queued"] == [procedure.national_code]
    pub = P.objects.get(procedure=procedure)
    assert (pub.state, pub.desired) == (P.State.NOT_PUBLISHED, P.Desired.PUBLISHED)
    delivery.deliver_due()
    pub.refresh_from_db()
    assert pub.state == P.State.PUBLISHED and pub.ack_id and pub.in_sync
    [listed] = gateway.publications()
    assert (listed["national_code"], listed["published"], listed["ack_id"]) == (
        procedure.national_code,
        True,
        pub.ack_id,
    )


def test_republishing_sends_only_what_changed(gateway, world):
    procedure, other = world["procedure"], ProcedureFactory(agency=world["procedure"].agency)
    publication.publish_procedures(actor=world["admin"])
    delivery.deliver_due()
    assert publication.publish_procedures(actor=world["admin"])["queued"] == []
    procedure.fee = 50_000
    procedure.save()
    result = publication.publish_procedures(actor=world["admin"])
    assert (result["queued"], result["unchanged"]) == ([procedure.national_code], [other.national_code])
    delivery.deliver_due()
    pub = P.objects.get(procedure=procedure)
    assert pub.in_sync and pub.state == P.State.PUBLISHED
    assert len([h for h in gateway.publications() if h["national_code"] == procedure.national_code]) == 1


def test_unpublishing_withdraws_the_service_and_it_no_longer_counts_as_integrated(gateway, world):
    procedure = world["procedure"]
    publication.publish_procedure(procedure=procedure, actor=world["admin"])
    publication.unpublish_procedure(procedure=procedure, actor=world["admin"])
    delivery.deliver_due()
    delivery.deliver_due()
    pub = P.objects.get(procedure=procedure)
    assert (pub.state, pub.desired) == (P.State.UNPUBLISHED, P.Desired.UNPUBLISHED) and pub.in_sync
    assert [p["published"] for p in gateway.publications()] == [False]


def test_a_procedure_that_stops_being_online_is_unpublished_by_the_catalog_sync(gateway, world):
    procedure = world["procedure"]
    publication.sync_catalog(actor=world["admin"])
    delivery.deliver_due()
    procedure.online_level = OnlineLevel.NONE
    procedure.save()
    assert publication.sync_catalog(actor=world["admin"])["unpublished"] == [procedure.national_code]
    delivery.deliver_due()
    assert P.objects.get(procedure=procedure).state == P.State.UNPUBLISHED


def test_only_eligible_online_services_are_published_and_only_by_admins(gateway, world):
    offline = ProcedureFactory(agency=world["procedure"].agency, online_level=OnlineLevel.NONE)
    with pytest.raises(InvalidInput):
        publication.publish_procedure(procedure=offline, actor=world["admin"])
    with pytest.raises(NotPermitted):
        publication.publish_procedure(procedure=world["procedure"], actor=world["desk"])
    assert not OutboxEvent.objects.exists()


def test_the_sync_status_page_shows_backlog_dead_events_and_integration_to_admins(gateway, world, client):
    publication.publish_procedures(actor=world["admin"])
    url = reverse("sync:status")
    client.force_login(world["desk"])
    assert client.get(url).status_code == 403
    client.force_login(world["admin"])
    page = client.get(url).content.decode()
    assert 'id="backlog">1<' in page and 'id="integrated">0 / 1<' in page
    province = world["procedure"].province
    row = f'<tr id="province-{province.slug}"><td>{province.name}</td>'
    assert f"{row}<td>1</td><td>0</td><td>1</td></tr>" in page  # online, integrated, awaiting
    assert world["procedure"].national_code in page  # listed as awaiting the gateway's answer
    client.post(url, {"action": "deliver"})
    delivery.deliver_due()
    page = client.get(url).content.decode()
    assert 'id="backlog">0<' in page and 'id="integrated">1 / 1<' in page
    assert f"{row}<td>1</td><td>1</td><td>0</td></tr>" in page
    assert world["procedure"].national_code not in page  # nothing awaits: no procedure list
