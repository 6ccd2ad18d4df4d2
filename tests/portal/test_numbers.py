"""Money, counts and rates one way everywhere, by the reader's language (portal/templatetags/numbers.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from portal.templatetags.numbers import duration, num, pct, vnd
from services.constants import FilingStatus as S
from services.constants import OnlineLevel
from tests.builders import drive, new_draft

VI_EN = [
    (vnd, 100_000, "100.000 ₫", "100,000 ₫"),
    (vnd, 0, "0 ₫", "0 ₫"),
    (vnd, 1_250_000_000, "1.250.000.000 ₫", "1,250,000,000 ₫"),
    (num, 58442, "58.442", "58,442"),
    (num, 999, "999", "999"),
    (num, None, "—", "—"),
    (pct, 44.4, "44,4%", "44.4%"),
    (pct, Decimal("44.44"), "44,4%", "44.4%"),
    (pct, 66.65, "66,7%", "66.7%"),  # half up, as the reports round
    (pct, 100, "100,0%", "100.0%"),
    (pct, 1234.5, "1.234,5%", "1,234.5%"),
    (pct, None, "—", "—"),
]


@pytest.mark.parametrize(("fmt", "value", "vi", "en"), VI_EN)
def test_numbers_are_written_as_each_language_writes_them(fmt, value, vi, en):
    with translation.override("vi"):
        assert fmt(value) == vi
    with translation.override("en"):
        assert fmt(value) == en


def test_the_filters_work_in_templates_by_the_active_language():
    template = engines["django"].from_string("{% load numbers %}{{ a|vnd }} {{ n|num }} {{ r|pct }}")
    context = {"a": 100_000, "n": 58442, "r": 44.4}
    with translation.override("vi"):
        assert template.render(context) == "100.000 ₫ 58.442 44,4%"
    with translation.override("en"):
        assert template.render(context) == "100,000 ₫ 58,442 44.4%"


def test_a_duration_reads_in_the_readers_language():
    four_minutes_ago = timezone.now() - dt.timedelta(minutes=4, seconds=5)
    with translation.override("vi"):
        assert duration(four_minutes_ago).replace("\xa0", " ") == "4 phút"
    with translation.override("en"):
        assert duration(four_minutes_ago).replace("\xa0", " ") == "4 minutes"


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "fee"), [("vi", "100.000 ₫"), ("en", "100,000 ₫")])
def test_the_filing_procedure_and_payment_pages_show_the_fee_the_same_way(as_user, world, lang, fee):
    filing = world.filing(S.SUBMITTED)
    client = as_user(world.applicant)
    client.cookies["django_language"] = lang
    pages = [
        reverse("portal:filing", args=[filing.code]),
        reverse("portal:procedure", args=[world.procedure.pk]),
        reverse("payments:start", args=[filing.code]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert fee in html, url
        assert "100000" not in html and "VND" not in html, url
    start = client.get(reverse("payments:start", args=[filing.code])).content.decode()
    assert reverse("portal:filing", args=[filing.code]) in start  # the way back
    assert "Thanh toán phí, lệ phí / Pay the fee" not in start


@pytest.mark.django_db
def test_the_desks_counter_page_shows_the_fee_and_the_way_back(as_user, world):
    world.procedure.online_level = OnlineLevel.PARTIAL
    world.procedure.save()
    filing = drive(new_draft(world.procedure, world.applicant), S.RECEIVED, world.actors)
    html = as_user(world.actors["desk"]).get(reverse("payments:counter", args=[filing.code])).content.decode()
    assert "100.000 ₫" in html and reverse("portal:filing", args=[filing.code]) in html
