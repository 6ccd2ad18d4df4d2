"""The API's catalog ``search`` folds diacritics exactly as the page does (one function)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.selectors import search_catalog
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db
QUERIES = [
    "dang ky ho kinh doanh",
    "Đăng ký hộ kinh doanh",
    "ĐĂNG KÝ",
    "hộ KINH",
    "kinh dang",
    "xay dung",
    "1.00",
]


@pytest.fixture
def catalog(db):
    return [
        ProcedureFactory(name="Đăng ký thành lập hộ kinh doanh"),
        ProcedureFactory(name="Cấp giấy phép xây dựng", field="Hoạt động xây dựng"),
        ProcedureFactory(name="Đăng ký khai sinh", field="Hộ tịch"),
    ]


@pytest.mark.parametrize("q", QUERIES)
def test_the_api_search_finds_what_the_page_finds(client, catalog, q):
    api = APIClient().get("/api/v1/procedures/", {"search": q, "page_size": 100}).json()
    page = client.get(reverse("portal:home"), {"q": q})
    expected = sorted(search_catalog(q=q).values_list("id", flat=True))
    assert sorted(p["id"] for p in api["results"]) == expected
    assert sorted(p.pk for p in page.context["page"].object_list) == expected


def test_the_api_search_folds_diacritics(catalog):
    found = APIClient().get("/api/v1/procedures/", {"search": "dang ky ho kinh doanh"}).json()
    assert [p["id"] for p in found["results"]] == [catalog[0].id]
