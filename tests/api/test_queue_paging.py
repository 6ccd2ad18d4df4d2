"""The officials' queue in keyset pages (``services.paging``), in the API and on the page: every filing once,
in order, while filings change state between two pages; a cursor we did not make is a 400; past the cap the
count says "more than N"."""

import datetime as dt
import html
import re

import pytest
from django.core import signing
from django.urls import reverse

from services import selectors, services
from services.api.pagination import QueuePagination
from services.constants import FilingStatus as S
from services.constants import Proposal
from services.models import Filing
from tests.builders import drive, new_draft

pytestmark = pytest.mark.django_db


def _filings(world, state, n, due_dates=True):
    """``n`` filings in ``state``; due dates with ties (three share each date) so the later keys decide."""
    filings = [drive(new_draft(world["procedure"], world["applicant"]), state, world) for _ in range(n)]
    base = dt.date(2030, 1, 1)
    for i, filing in enumerate(reversed(filings)):
        Filing.objects.filter(pk=filing.pk).update(
            due_date=base + dt.timedelta(days=i // 3) if due_dates else None
        )
    return filings


def _order(codes):
    rows = Filing.objects.filter(code__in=codes)
    return [
        f.code for f in sorted(rows, key=lambda f: (f.due_date is None, f.due_date, f.submitted_at, f.id))
    ]


def test_paging_the_queue_visits_every_filing_once_in_order_while_filings_change_state(
    world, as_, monkeypatch
):
    monkeypatch.setattr(QueuePagination, "page_size", 3)
    received = _filings(world, S.RECEIVED, 8)
    expected = _order([f.code for f in received])
    client, seen, url = as_("specialist"), [], "/api/v1/queue/"
    while url:
        page = client.get(url).json()
        codes = [f["code"] for f in page["results"]]
        seen += codes
        url = page["next"]
        if len(seen) == 3:  # a filing already shown leaves the queue, one not yet shown changes state in it
            services.TRANSITIONS["start_review"](
                filing=Filing.objects.get(code=codes[0]), actor=world["specialist"]
            )
            services.TRANSITIONS["propose"](filing=Filing.objects.get(code=codes[0]), actor=world["specialist"],
                                            proposal=Proposal.APPROVE)  # fmt: skip
            services.TRANSITIONS["start_review"](filing=Filing.objects.get(code=expected[6]),
                                                 actor=world["specialist"])  # fmt: skip
    assert seen == expected, "an OFFSET page would skip one after a filing left the queue"


def _links(page, rel):
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return reverse("portal:queue") + html.unescape(found.group(1)) if found else None


def test_the_queue_page_goes_forward_and_back_with_the_filings_without_a_due_date_last(
    world, client, monkeypatch
):
    monkeypatch.setattr("portal.official_views.PAGE_SIZE", 3)
    approved = _filings(world, S.APPROVED, 4)
    submitted = _filings(world, S.SUBMITTED, 4, due_dates=False)
    expected = _order([f.code for f in approved]) + _order([f.code for f in submitted])
    client.force_login(world["desk"])
    pages, url = [], reverse("portal:queue") + "?status="
    while url:
        page = client.get(url)
        assert page.status_code == 200
        pages.append([f.code for f in page.context["page"]])
        url = _links(page.content.decode(), "next")
    assert [c for p in pages for c in p] == expected and [len(p) for p in pages] == [3, 3, 2]
    back, url = [], _links(page.content.decode(), "prev")
    while url:
        page = client.get(url)
        back.append([f.code for f in page.context["page"]])
        url = _links(page.content.decode(), "prev")
    assert back == pages[-2::-1], "the pages before, in the same order"


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        signing.dumps(["n", ["2030-01-01", "2030-01-01T00:00:00+00:00", 1]], salt="another.list"),
        signing.dumps(["n", ["2030-01-01", "yesterday", 1]], salt="services.queue"),
        signing.dumps(["x", ["2030-01-01", "2030-01-01T00:00:00+00:00", 1]], salt="services.queue"),
    ],
)
def test_a_cursor_we_did_not_make_is_a_400_with_a_bilingual_message(world, as_, client, cursor):
    answer = as_("desk", "en").get("/api/v1/queue/", {"cursor": cursor})
    assert answer.status_code == 400
    body = answer.json()
    assert body["field"] == "cursor" and "phân trang" in body["message_vi"] and "paging" in body["message_en"]
    client.force_login(world["desk"])
    page = client.get(reverse("portal:queue"), {"cursor": cursor})
    assert page.status_code == 400 and "phân trang" in page.content.decode()


def test_past_the_cap_the_queue_says_more_than_n_instead_of_counting_all(world, as_, client, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 3)
    _filings(world, S.SUBMITTED, 4, due_dates=False)
    page = as_("desk").get("/api/v1/queue/").json()
    assert (page["count"], page["count_capped"], len(page["results"])) == (3, True, 4)
    client.force_login(world["desk"])
    assert "Hơn 3 hồ sơ" in client.get(reverse("portal:queue")).content.decode()
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 4)
    assert as_("desk").get("/api/v1/queue/").json()["count_capped"] is False
