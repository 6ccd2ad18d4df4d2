"""The dashboard reads like the province's report: the headline rates first, the figures grouped as the
articles group them, numbers in the reader's format, agencies by name, period presets, charts with axes
and a data table."""

import re

import pytest

from portal.reports.metrics import KEYS
from portal.reports.views import GROUPS, HEADLINES
from tests.factories import UserFactory
from tests.reports.test_metrics import build_march

MARCH = {"from": "2024-03-01", "to": "2024-03-31"}


@pytest.fixture
def reader(client, world):
    build_march(world)
    client.force_login(UserFactory(is_superuser=True))
    return client


def _html(client, world, lang="vi", **extra):
    client.cookies["django_language"] = lang
    return client.get("/reports/", {"province": world.province.slug, **MARCH, **extra}).content.decode()


def test_every_figure_is_in_exactly_one_group():
    grouped = [key for _slug, _title, keys in GROUPS for key in keys]
    assert sorted(grouped) == sorted(KEYS)
    assert [slug for slug, _t, _k in GROUPS] == [
        "catalog",
        "integration",
        "filings",
        "fees",
        "timeliness",
        "hotline",
    ]
    assert set(HEADLINES) <= set(KEYS)


def test_the_headline_rates_come_first_then_the_groups_in_the_reports_order(reader, world):
    html = _html(reader, world)
    positions = [html.index(f'id="group-{slug}"') for slug, _t, _k in GROUPS]
    assert html.index('id="headlines-h"') < positions[0] and positions == sorted(positions)
    assert re.search(r'id="headline-on_time_rate">\s*<strong class="headline-value">75,0%</strong>', html)
    timeliness = html[positions[4] : positions[5]]
    assert 'data-key="resolved_late"' in timeliness and 'data-key="hotline_received"' not in timeliness


@pytest.mark.parametrize(("lang", "rate", "fraction"), [("vi", "66,7%", "2/3"), ("en", "66.7%", "2/3")])
def test_rates_are_written_in_the_readers_format(reader, world, lang, rate, fraction):
    html = _html(reader, world, lang)
    tile = html[html.index('data-key="fee_procedures_with_filings_rate"') :][:300]
    assert f"<strong>{rate}</strong>" in tile and fraction in tile


def test_agencies_are_shown_by_name_and_link_to_their_figures(reader, world):
    html = _html(reader, world)
    table = html[html.index('id="tbl-1"') : html.index('id="tbl-1"') + 4000]
    agency = world.district
    assert f"agency={agency.code}&amp;" in table and f">{agency.name}</a>" in table
    assert f">{agency.code}</a>" not in table
    assert f'<option value="{agency.code}" >{agency.name}</option>' in html  # the filter picks by name


def test_period_presets_set_the_quarter_half_nine_months_and_year(reader, world):
    html = _html(reader, world)
    presets = html[
        html.index('id="period-presets"') : html.index("</nav>", html.index('id="period-presets"'))
    ]
    for start, end in [("2024-01-01", "2024-03-31"), ("2024-10-01", "2024-12-31"), ("2024-01-01", "2024-06-30"),
                       ("2024-01-01", "2024-09-30"), ("2024-01-01", "2024-12-31")]:  # fmt: skip
        assert f"from={start}&amp;to={end}" in presets
    assert f"province={world.province.slug}" in presets
    assert (
        re.search(r'from=2024-01-01&amp;to=2024-03-31"\s*aria-current="true"', presets) is None
    )  # March only
    q1 = _html(reader, world, **{"from": "2024-01-01", "to": "2024-03-31"})
    assert re.search(r'from=2024-01-01&amp;to=2024-03-31" aria-current="true"', q1)


def test_each_chart_is_a_figure_with_a_caption_named_axes_and_a_data_table(reader, world):
    html = _html(reader, world)
    figures = re.findall(r'<figure class="chart-figure.*?</figure>', html, re.S)
    assert len(figures) == 6
    for figure in figures:
        assert "<figcaption>" in figure and "<table" in figure and "Bảng số liệu" in figure
        assert "Số lượng" in figure  # the value axis is named
    assert "Tháng" in figures[0] and '<line class="axis"' in figures[0]
    assert world.district.name in figures[5]  # by agency: full names, not cut
    assert "…" not in "".join(figures)
