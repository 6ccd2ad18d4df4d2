"""GET /api/v1/reports/summary/ and /reconciliation/: the report command's figures, for the people who read them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from portal.reports.articles import FIGURES
from services.constants import FilingStatus as S
from tests.api.conftest import ROLES, client_for
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, official

READERS = {"leader", "other_leader", "admin"}  # both leaders are of the world's one province


def _summary(client, world, **params):
    query = {"province": world["agency"].province.slug, "from": "2000-01-01", "to": "2100-12-31", **params}
    return client.get("/api/v1/reports/summary/", query)


@pytest.mark.parametrize("role", ROLES)
def test_reports_are_read_by_admins_and_leaders_only(world, as_, role):
    expected = 401 if role == "anonymous" else 200 if role in READERS else 403
    assert _summary(as_(role), world).status_code == expected
    assert as_(role).get("/api/v1/reports/reconciliation/").status_code == expected


def test_a_leader_reads_only_the_province_of_their_agency(world, as_):
    elsewhere = official("leader", AgencyFactory())
    response = _summary(client_for(elsewhere), world)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_summary_counts_what_happened_and_matches_the_report_command(world, as_):
    for state in (S.SUBMITTED, S.RECEIVED, S.APPROVED, S.REJECTED):
        drive(new_draft(world["procedure"], world["applicant"]), state, world)
    new_draft(world["procedure"], world["applicant"])  # a draft is not filed
    body = _summary(as_("admin"), world).json()
    assert body["electronic_filings"] == 4
    assert body["resolved_total"] == 2
    assert body["fractions"]["on_time_rate"] == {"numerator": 2, "denominator": 2}
    out = StringIO()
    slug = world["agency"].province.slug
    call_command(
        "report",
        "--province",
        slug,
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
        "--format",
        "json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == body


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"province": "khong-co"}, "province"),
        ({"agency": "KHONG-CO"}, "agency"),
        ({"from": "2024-07-01", "to": "2024-06-30"}, "to"),
        ({"to": "30/06/2024"}, "to"),
    ],
)
def test_a_bad_query_answers_400_naming_the_field_in_both_languages(world, as_, params, field):
    response = _summary(as_("admin", "en"), world, **params)
    assert response.status_code == 400
    body = response.json()
    assert field in json.dumps(body)
    assert body["message_vi"] and body["message_en"]


def test_the_reconciliation_lists_every_printed_figure(world, as_):
    results = as_("admin").get("/api/v1/reports/reconciliation/").json()["results"]
    assert len(results) == len(FIGURES)
    assert {r["figure"]["slug"] for r in results} == {f.slug for f in FIGURES}
    assert all(r["value"] is None and not r["matches"] for r in results), "no article data in this world"
