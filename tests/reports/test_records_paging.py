"""The records behind a figure (and behind an index indicator) in keyset pages (``services.paging``): the pages
together list every record once, forward and back, with the page's filters kept; past the cap the page says
"more than N" instead of counting every record; no page asks an OFFSET or a full COUNT; a cursor we did not
make is a 400 that names ``cursor``."""

import datetime as dt
import html
import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.reports import selectors
from portal.reports.metrics import Period, Scope
from serviceindex import compute as index
from tests.factories import UserFactory
from tests.reports.test_metrics import build_march

MARCH = {"from": "2024-03-01", "to": "2024-03-31"}
PERIOD = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))


@pytest.fixture
def reader(client, world):
    build_march(world)
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(selectors, "RECORDS_PAGE_SIZE", 2)


def _url(kind, key):
    return f"/reports/{'figures' if kind == 'report' else 'index'}/{key}/"


def _expected(world, kind, key, complement):
    scope = Scope.for_province(world.province)
    records = selectors.records if kind == "report" else index.records
    return list(
        records(scope, PERIOD, key, complement=complement).order_by("pk").values_list("pk", flat=True)
    )


def _link(page, rel):
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page.content.decode())
    return html.unescape(found.group(1)) if found else None


def _walk(client, url, params, rel="next", start=None):
    """Every page from ``start`` (default ``url`` with ``params``) following the ``rel`` links:
    ``([[pk, ...], ...], the last page, the SQL asked)``."""
    pages, queries, page = [], [], None
    target, query = start or url, params
    while target:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(target, query)
        assert page.status_code == 200
        queries += [q["sql"] for q in captured]
        pages.append([row.pk for row in page.context["page"]])
        target, query = (url + link if (link := _link(page, rel)) else None), None
    return pages, page, queries


@pytest.mark.parametrize(
    ("kind", "key", "complement"),
    [
        ("report", "electronic_filings", ""),
        ("report", "online_payment_rate", "1"),
        ("index", "online_filings", ""),
    ],
)
def test_the_pages_of_the_records_behind_a_figure_list_every_record_once_forward_and_back(
    reader, world, small_pages, kind, key, complement
):
    params = {"province": world.province.slug, **MARCH, "complement": complement}
    expected = _expected(world, kind, key, complement == "1")
    assert len(expected) >= 3, "several pages of two"
    pages, last, queries = _walk(reader, _url(kind, key), params)
    assert [pk for p in pages for pk in p] == expected, "each record once, in primary-key order"
    assert [len(p) for p in pages[:-1]] == [2] * (len(pages) - 1)
    assert not any("OFFSET" in q for q in queries), "no OFFSET page"
    # the links keep the figure's filters: the province, the period, the complement
    link = _link(last, "prev")
    assert "province=" in link and "from=2024-03-01" in link and "to=2024-03-31" in link
    assert ("complement=1" in link) == (complement == "1")
    back, _page, _queries = _walk(reader, _url(kind, key), None, "prev", start=_url(kind, key) + link)
    assert back == pages[-2::-1], "the pages before, in the same order"


@pytest.mark.parametrize(("kind", "key"), [("report", "electronic_filings"), ("index", "online_filings")])
def test_past_the_cap_the_records_page_says_more_than_n_and_still_pages_on(
    reader, world, small_pages, monkeypatch, kind, key
):
    monkeypatch.setattr(selectors, "RECORDS_COUNT_CAP", 2)
    params = {"province": world.province.slug, **MARCH}
    expected = _expected(world, kind, key, False)
    assert len(expected) > 2
    pages, last, queries = _walk(reader, _url(kind, key), params)
    assert [pk for p in pages for pk in p] == expected, "pages past the cap are read too"
    assert last.context["page"].count_capped and last.context["page"].count == 2
    assert "Hơn 2 bản ghi" in last.content.decode()
    counts = [q for q in queries if "COUNT(" in q.upper()]
    assert counts and all("LIMIT 3" in q for q in counts), "the count stops after cap + 1 rows"
    monkeypatch.setattr(selectors, "RECORDS_COUNT_CAP", len(expected))
    page = reader.get(_url(kind, key), params)
    assert not page.context["page"].count_capped and page.context["page"].count == len(expected)
    assert "Hơn" not in page.content.decode().split("<h1", 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        signing.dumps(["n", [1]], salt="services.queue"),  # another list's
        signing.dumps(["n", ["1"]], salt="portal.reports.records"),  # a key that is not an id
        signing.dumps(["n", [1, 2]], salt="portal.reports.records"),
        signing.dumps(["x", [1]], salt="portal.reports.records"),
        signing.dumps(["n", [1]], salt="portal.reports.records")[:-3],  # truncated
    ],
)
@pytest.mark.parametrize(("kind", "key"), [("report", "electronic_filings"), ("index", "online_filings")])
def test_a_records_cursor_we_did_not_make_is_a_400_naming_it_in_both_languages(
    reader, world, cursor, kind, key
):
    page = reader.get(_url(kind, key), {"province": world.province.slug, **MARCH, "cursor": cursor})
    assert page.status_code == 400
    body = page.content.decode()
    assert 'data-field="cursor"' in body and "phân trang" in body
    reader.cookies["django_language"] = "en"
    body = reader.get(_url(kind, key), {"province": world.province.slug, **MARCH, "cursor": cursor}).content
    assert "paging link" in body.decode()
