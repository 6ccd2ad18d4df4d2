"""Lists: the catalog's search and filters, the filings' filters, pagination, session sign-in."""

import pytest
from rest_framework.pagination import PageNumberPagination
from rest_framework.test import APIClient

from services.api.pagination import QueuePagination
from services.constants import AgencyLevel, OnlineLevel
from services.constants import FilingStatus as S
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory


@pytest.fixture
def catalog(world):
    commune = AgencyFactory(province=world["agency"].province, level=AgencyLevel.COMMUNE, code="XA-01")
    return {
        "birth": ProcedureFactory(
            agency=commune, name="Đăng ký khai sinh", field="Hộ tịch", national_code="1.001193"
        ),
        "offline": ProcedureFactory(agency=commune, field="Hộ tịch", online_level=OnlineLevel.NONE),
        "inactive": ProcedureFactory(agency=commune, is_active=False),
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {p["id"] for p in response.json()["results"]}


def test_the_catalog_is_searched_by_name_or_national_code(catalog, as_):
    client = as_("anonymous")
    assert _ids(client.get("/api/v1/procedures/", {"search": "khai sinh"})) == {catalog["birth"].id}
    assert _ids(client.get("/api/v1/procedures/", {"search": "1.001193"})) == {catalog["birth"].id}


def test_the_catalog_is_filtered_by_field_agency_and_level(world, catalog, as_):
    client = as_("anonymous")
    commune_ids = {catalog["birth"].id, catalog["offline"].id}
    assert _ids(client.get("/api/v1/procedures/", {"field": "hộ tịch"})) == commune_ids
    assert _ids(client.get("/api/v1/procedures/", {"agency": "XA-01"})) == commune_ids
    assert _ids(client.get("/api/v1/procedures/", {"agency_level": "commune"})) == commune_ids
    assert _ids(client.get("/api/v1/procedures/", {"online_level": "none"})) == {catalog["offline"].id}
    assert _ids(client.get("/api/v1/procedures/", {"online_level": "partial"})) == {world["partial"].id}


def test_the_catalog_hides_procedures_no_longer_offered(catalog, as_):
    assert catalog["inactive"].id not in _ids(as_("anonymous").get("/api/v1/procedures/"))
    assert as_("anonymous").get(f"/api/v1/procedures/{catalog['inactive'].id}/").status_code == 404


def test_an_unknown_filter_value_is_a_400_in_the_one_shape(catalog, as_):
    response = as_("anonymous").get("/api/v1/procedures/", {"online_level": "level-9"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "online_level" in response.json()["errors"]


def test_filings_are_filtered_by_status(world, as_):
    submitted = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    new_draft(world["procedure"], world["applicant"])
    listed = as_("desk").get("/api/v1/filings/", {"status": "submitted"}).json()["results"]
    assert [f["code"] for f in listed] == [submitted.code]


def test_query_filters_do_not_hide_a_filing_from_its_own_url(world, as_):
    code = new_draft(world["procedure"], world["applicant"]).code
    assert as_("applicant").get(f"/api/v1/filings/{code}/", {"status": "submitted"}).status_code == 200


def test_every_list_is_paginated(world, as_, monkeypatch):
    """The page size (50) is read once by DRF; two rows a page shows the same paging with fewer rows."""
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    monkeypatch.setattr(QueuePagination, "page_size", 2)
    ProcedureFactory(agency=world["agency"])
    for _ in range(3):
        drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    for url, client in (
        ("/api/v1/procedures/", as_("anonymous")),
        ("/api/v1/filings/", as_("applicant")),
        ("/api/v1/queue/", as_("desk")),
    ):
        page = client.get(url).json()
        keyset = {"count_capped"} if url == "/api/v1/queue/" else set()  # keyset pages, a capped count
        assert set(page) == {"count", "next", "previous", "results"} | keyset
        assert len(page["results"]) == 2 and page["next"], url


def test_a_signed_in_browser_session_uses_the_api_with_its_csrf_token(world):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(world["applicant"])
    assert browser.get("/api/v1/filings/").status_code == 200
    body = {
        "procedure": world["procedure"].id,
        "applicant_name": "An",
        "applicant_personal_id": "086090000001",
    }
    refused = browser.post("/api/v1/filings/", body, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"


def test_an_id_too_large_for_the_database_is_a_400_not_a_server_error(world, as_):
    """Found by schemathesis: SQLite cannot even compare with an integer past 64 bits."""
    response = as_("applicant").get("/api/v1/filings/", {"procedure": 10**30})
    assert response.status_code == 400
    assert response.json()["field"] == "procedure"
