"""A bad query parameter (malformed, not a choice, out of range) answers 400 naming it, on pages and API."""

import pytest
from rest_framework.test import APIClient

from services.constants import Role
from tests.factories import UserFactory, official

pytestmark = pytest.mark.django_db
RANGE = "from=0001-01-01&to=9999-12-31"


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


REPORT_PAGES = [
    "/reports/",
    "/reports/figures/electronic_filings/",
    "/reports/export.csv",
    "/reports/export.xlsx",
    "/reports/index/",
    "/reports/index/filings_in_time/",
    "/reports/index/filings_in_time/records.csv",
]


@pytest.mark.parametrize("path", REPORT_PAGES)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        (RANGE, "from"),
        ("from=2024-01-01&to=9999-12-31", "to"),
        ("from=2024-13-45", "from"),
        ("to=soon", "to"),
        ("province=khong-co-tinh-nay", "province"),
        ("agency=KHONG-CO", "agency"),
    ],
)
def test_the_reports_refuse_a_bad_parameter_by_name(client, world, superuser, path, query, field):
    answer = _page(client, superuser, f"{path}?province={world.agency.province.slug}&{query}")
    assert answer.status_code == 400, answer.content[:300]
    page = answer.content.decode()
    assert f'data-field="{field}"' in page and '<header class="usa-header' in page


def test_the_reports_api_refuses_dates_out_of_range(world, superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    answer = client.get(f"/api/v1/reports/summary/?province={world.agency.province.slug}&{RANGE}")
    assert answer.status_code == 400
    assert answer.json()["field"] in ("from", "to")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("procedure=abc", "procedure"),
        ("procedure=99999999999999999999", "procedure"),
    ],
)
def test_the_queue_refuses_a_bad_parameter_by_name(client, world, query, field):
    answer = _page(client, world.actors["desk"], f"/officials/queue/?{query}")
    assert answer.status_code == 400 and f'data-field="{field}"' in answer.content.decode()


def test_the_catalog_refuses_an_unknown_level(client, world):
    answer = client.get("/?level=bogus")
    assert answer.status_code == 400 and 'data-field="level"' in answer.content.decode()


def test_the_hotline_list_refuses_an_unknown_state(client, world):
    answer = _page(client, world.actors["desk"], "/officials/feedback/?state=bogus")
    assert answer.status_code == 400 and 'data-field="state"' in answer.content.decode()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/manage/calendar/?year=abc", "year"),
        ("/manage/calendar/?year=99999", "year"),
        ("/manage/procedures/?level=bogus", "level"),
        ("/manage/procedures/?agency=KHONG-CO", "agency"),
        ("/manage/users/?role=bogus", "role"),
    ],
)
def test_the_admins_pages_refuse_a_bad_parameter_by_name(client, world, url, field):
    admin = official(Role.ADMIN, world.agency)
    answer = _page(client, admin, url)
    assert answer.status_code == 400 and f'data-field="{field}"' in answer.content.decode()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/filings/?created_from=0001-01-01", "created_from"),
        ("/api/v1/filings/?created_to=9999-12-31", "created_to"),
        ("/api/v1/filings/?created_from=2024-02-30", "created_from"),
        ("/api/v1/filings/?status=bogus", "status"),
        ("/api/v1/filings/?procedure=abc", "procedure"),
        ("/api/v1/procedures/?online_level=bogus", "online_level"),
        ("/api/v1/queue/?created_to=9999-12-31", "created_to"),
    ],
)
def test_the_api_refuses_a_bad_filter_by_name(world, url, field):
    client = APIClient()
    client.force_authenticate(world.actors["desk"])
    answer = client.get(url)
    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == field


def test_good_parameters_still_answer(client, world, superuser):
    assert _page(client, superuser, "/reports/?from=2024-01-01&to=2024-06-30").status_code == 200
    assert _page(client, world.actors["desk"], "/officials/queue/?status=submitted").status_code == 200
    assert client.get("/?level=full").status_code == 200
