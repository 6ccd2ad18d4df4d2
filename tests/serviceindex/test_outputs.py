"""The API, the command and the page give the same index; the API's shape is the issue's, its refusals the
report API's."""

import io
import json
import re

import pytest
from django.core.management import call_command

from services.models import User
from tests.serviceindex.test_indicators import MARCH, generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return generate(5)


def _query(world):
    return f"province={world['province'].slug}&from={MARCH.start}&to={MARCH.end}"


def test_the_api_the_command_and_the_page_agree(client, world):
    client.force_login(User.objects.create_superuser("goc", password="x"))
    api = client.get(f"/api/v1/reports/service-index/?{_query(world)}").json()
    assert set(api) == {"total", "max", "groups"} and api["max"] == 100
    assert set(api["groups"][0]) == {"key", "name_vi", "name_en", "points", "max", "indicators"}
    assert set(api["groups"][0]["indicators"][0]) == {
        "key",
        "numerator",
        "denominator",
        "rate",
        "points",
        "max",
    }
    out = io.StringIO()
    call_command("service_index", province=world["province"].slug, start=MARCH.start, end=MARCH.end,
                 format="json", stdout=out)  # fmt: skip
    assert json.loads(out.getvalue()) == api
    page = client.get(f"/reports/index/?{_query(world)}")
    assert page.status_code == 200
    html = page.content.decode()
    shown = dict(re.findall(r'<tr data-key="([a-z_]+)">.*?data-points="([0-9.]+)"', html, re.S))
    assert shown == {i["key"]: str(i["points"]) for g in api["groups"] for i in g["indicators"]}
    assert re.search(r'data-total="([0-9.]+)"', html).group(1) == str(api["total"])
    csv_out = io.StringIO()
    call_command("service_index", province=world["province"].slug, start=MARCH.start, end=MARCH.end,
                 format="csv", stdout=csv_out)  # fmt: skip
    assert csv_out.getvalue().strip().splitlines()[-1] == f",total,,,,{api['total']},100"


def test_bad_parameters_are_a_bilingual_400_and_change_nothing(client, world):
    client.force_login(User.objects.create_superuser("goc", password="x"))
    answer = client.get("/api/v1/reports/service-index/?province=khong-co&from=2024-03-01&to=2024-03-31")
    assert answer.status_code == 400 and "unknown province" in answer.content.decode()
    answer = client.get(
        f"/api/v1/reports/service-index/?province={world['province'].slug}&from=2024-03-31&to=2024-03-01"
    )
    assert answer.status_code == 400
    assert client.get(f"/reports/index/no_such_indicator/?{_query(world)}").status_code == 404
