"""The dashboard page, the records behind a figure, the exports and the commands."""

import csv
import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.factories import ProvinceFactory, UserFactory
from tests.reports.test_metrics import EXPECTED_MARCH, build_march

MARCH = {"from": "2024-03-01", "to": "2024-03-31"}


@pytest.fixture
def staff_client(client, world):
    """A reader of every province (a superuser; province admins and leaders: tests/access/)."""
    build_march(world)
    client.force_login(UserFactory(is_superuser=True))
    return client


def _get(client, world, name="/reports/", **extra):
    return client.get(name, {"province": world.province.slug, **MARCH, **extra})


def test_dashboard_is_for_report_readers_only(client, world):
    assert _get(client, world).status_code == 302  # to the sign-in page
    client.force_login(UserFactory(is_staff=True))  # staff status reaches nothing: roles do
    assert _get(client, world).status_code == 403


def test_dashboard_renders_the_figures_with_local_static_files_only(staff_client, world):
    page = _get(staff_client, world, compare="1", reconcile="1")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "66.7%" in html.replace(",", ".")  # fee procedures with filings, 2/3
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
    for path in ("portal/reports/reports.css", "portal/site.css"):
        assert f"/static/{path}" in html and finders.find(path)


def test_dashboard_names_each_figure_in_the_readers_language(staff_client, world):
    html = _get(staff_client, world).content.decode()
    assert "Tỷ lệ hồ sơ thanh toán trực tuyến" in html and "Hồ sơ nộp trực tuyến theo tháng" in html
    assert ">online_payment_rate<" not in html and "Toàn trình" in html  # the level, not its code
    staff_client.cookies["django_language"] = "en"
    html = _get(staff_client, world).content.decode()
    assert "Online payment rate" in html and "Filings submitted online by month" in html


def test_the_records_behind_the_online_payment_rate_are_the_fee_filings_not_paid_online(staff_client, world):
    page = _get(staff_client, world, "/reports/figures/online_payment_rate/", complement="1")
    assert page.status_code == 200
    assert page.context["page"].count == EXPECTED_MARCH["fee_filings_total"]
    overdue = _get(staff_client, world, "/reports/figures/overdue_open/")
    assert overdue.context["page"].count == 1
    assert _get(staff_client, world, "/reports/figures/nonsense/").status_code == 404


def test_csv_and_xlsx_exports_carry_every_figure_with_its_fraction(staff_client, world):
    rows = list(
        csv.DictReader(io.StringIO(_get(staff_client, world, "/reports/export.csv").content.decode()))
    )
    by_key = {r["key"]: r for r in rows}
    assert set(by_key) == set(EXPECTED_MARCH)
    assert by_key["on_time_rate"]["value"] == "75.0" and by_key["on_time_rate"]["denominator"] == "4"
    book = load_workbook(io.BytesIO(_get(staff_client, world, "/reports/export.xlsx").content))
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][4] == "key" and {r[4]: r[5] for r in sheet[1:]}["electronic_filings"] == 5


def test_report_command_json_has_the_metric_keys_top_level(world, capsys):
    build_march(world)
    call_command("report", "--province", world.province.slug, "--from", "2024-03-01", "--to", "2024-03-31",
                 "--format", "json", "--split", "level")  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in EXPECTED_MARCH} == EXPECTED_MARCH
    assert out["fractions"]["integration_rate"] == {"numerator": 1, "denominator": 3}
    assert set(out["split"]["groups"]) == {"full", "partial", "none"}


def test_the_dashboard_asks_as_many_queries_whatever_the_number_of_provinces(staff_client, world):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert _get(staff_client, world, compare="1").status_code == 200
        return len(captured)

    before = queries()
    ProvinceFactory.create_batch(3)
    assert queries() == before


def test_the_dashboard_reads_the_filings_twice_whatever_it_shows(staff_client, world):
    """The tiles and every split come from one pass over the filings, the monthly chart from one more
    (a split computed on its own read the filings again, twice per split)."""
    with CaptureQueriesContext(connection) as captured:
        assert _get(staff_client, world).status_code == 200
    filing_reads = [q["sql"] for q in captured if re.search(r"services_filing\b", q["sql"])]
    assert len(filing_reads) == 2, filing_reads


@pytest.mark.parametrize(("key", "complement"), [("electronic_filings", ""), ("online_payment_rate", "1")])
def test_the_records_behind_a_figure_export_as_streamed_csv_and_xlsx_in_keyset_pages(
    staff_client, world, settings, key, complement
):
    settings.REPORT_EXPORT_CHUNK = 2  # several pages even on the small March
    expected = sorted(
        f.code for f in _get(staff_client, world, f"/reports/figures/{key}/", complement=complement).context["page"]
    )  # one page of the drill-down holds the small March's records  # fmt: skip
    assert len(expected) >= 3
    with CaptureQueriesContext(connection) as captured:
        response = _get(staff_client, world, f"/reports/figures/{key}/records.csv", complement=complement)
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(body)))
    assert sorted(r["code"] for r in lines) == expected  # every record, once
    reads = [q["sql"] for q in captured if re.search(r"services_filing\b", q["sql"])]
    assert len(reads) == len(expected) // 2 + 1 and not any("OFFSET" in q or "COUNT(" in q for q in reads)
    response = _get(staff_client, world, f"/reports/figures/{key}/records.xlsx", complement=complement)
    sheet = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert sheet[0][0] == "code" and sorted(r[0] for r in sheet[1:]) == expected
    assert _get(staff_client, world, "/reports/figures/nonsense/records.csv").status_code == 404
