"""The weights are data, versioned by the date they take effect: the seed is Decision 766's 18/20/22/22/18, and a
new row effective later changes the periods that end from that date only."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal.reports.metrics import Period, Scope
from serviceindex import compute as index
from serviceindex.models import IndexWeight
from services.constants import FilingStatus, Timeliness
from services.models import Filing
from tests.factories import ProcedureFactory

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
H1 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
Q3 = Period(dt.date(2024, 7, 1), dt.date(2024, 9, 30))
STRADDLING = Period(dt.date(2024, 6, 1), dt.date(2024, 7, 31))

pytestmark = pytest.mark.django_db


def _decided_on_time(procedure, day, n):
    when = dt.datetime.combine(day, dt.time(9), tzinfo=LOCAL)
    Filing.objects.create(code=f"W-{n}", procedure=procedure, agency=procedure.agency, applicant_name="A",
                          applicant_personal_id="086090000123", status=FilingStatus.APPROVED, submitted_at=when,
                          received_at=when, due_date=day + dt.timedelta(days=3), decided_at=when,
                          timeliness=Timeliness.ON_TIME)  # fmt: skip


def _indicator(result, key):
    return next(i for g in result["groups"] for i in g["indicators"] if i["key"] == key)


def test_the_seed_is_the_decisions_five_groups():
    result = index.compute(Scope.everywhere(), H1)
    assert [(g["key"], g["max"]) for g in result["groups"]] == [
        ("public", 18), ("progress", 20), ("digitisation", 22), ("online", 22), ("satisfaction", 18)
    ]  # fmt: skip
    assert result["max"] == 100
    assert IndexWeight.objects.filter(effective_from=dt.date(2022, 6, 23)).count() == 15


def test_a_new_weight_effective_later_changes_later_periods_only():
    procedure = ProcedureFactory()
    _decided_on_time(procedure, dt.date(2024, 3, 4), 1)
    _decided_on_time(procedure, dt.date(2024, 8, 5), 2)
    scope = Scope.for_province(procedure.province)
    before = index.compute(scope, H1)
    assert _indicator(before, "filings_in_time") == {"key": "filings_in_time", "numerator": 1, "denominator": 1,
                                                      "rate": 100.0, "points": 20, "max": 20}  # fmt: skip
    # an amendment from 1/7/2024: on-time handling weighs 15, the synced filings 11 (still 100 in all)
    for key, points in (("filings_in_time", 15), ("filings_synced", 11)):
        old = IndexWeight.objects.get(key=key)
        IndexWeight.objects.create(key=key, group=old.group, position=old.position, max_points=points,
                                   full_marks_at=old.full_marks_at, effective_from=dt.date(2024, 7, 1))  # fmt: skip
    assert index.compute(scope, H1) == before  # the closed period is unchanged
    after = index.compute(scope, Q3)
    assert _indicator(after, "filings_in_time")["points"] == 15
    assert _indicator(after, "filings_synced")["max"] == 11
    assert after["max"] == 100
    # a period is scored with the weights in effect on its last day
    assert _indicator(index.compute(scope, STRADDLING), "filings_in_time")["max"] == 15


def test_points_are_proportional_below_the_full_marks_rate():
    weight = IndexWeight(max_points=Decimal(8), full_marks_at=Decimal(80))
    assert index.points(2, 5, weight) == Decimal("4.00")  # 40 % of a full mark at 80 %
    assert index.points(4, 5, weight) == Decimal("8.00")  # 80 %: full marks
    assert index.points(5, 5, weight) == Decimal("8.00")  # never above the maximum
    assert index.points(1, 3, IndexWeight(max_points=Decimal(20), full_marks_at=Decimal(100))) == Decimal(
        "6.67"
    )
    assert index.points(0, 0, weight) == Decimal("0.00")  # nothing to divide by: no points
