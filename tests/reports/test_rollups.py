"""Property: the report from the daily rollups (closed days folded, the rest from the records) gives the figures of
the raw computation, on random histories (the generator of test_metrics_one_pass), for watermarks before, inside
and after the period, a province and an agency, the summary, every split and the trend; the fold is idempotent,
incremental folds equal one fold, and an event written late for a folded day is noticed and refolded."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.models import ReportDaily, ReportDailyPaid, ReportMonthly, ReportMonthlyPaid
from portal.reports import fold, rollups
from portal.reports.metrics import (
    KEYS,
    RATES,
    Period,
    Scope,
    compute_all,
    compute_dashboard,
    filings_by_procedure,
    trend,
)
from services.constants import FilingStatus
from services.models import Filing, FilingEvent
from tests.reports.test_metrics_one_pass import (
    DAY0,
    MARCH,
    build,
    filing_st,
    hotline_st,
    moment,
    procedure_st,
)

PERIODS = [
    MARCH,
    Period(DAY0 + dt.timedelta(days=3), DAY0 + dt.timedelta(days=44)),
    Period(MARCH.end, MARCH.end),
]
TODAYS = [
    dt.date(2024, 3, 1),
    dt.date(2024, 3, 12),
    dt.date(2024, 3, 31),
    dt.date(2024, 4, 1),
    dt.date(2024, 5, 1),
]
SPLITS = ("level", "field", "agency")


def _nonzero(result):
    """The raw pass also lists a group for an inactive procedure whose filings all fall outside the period (every
    figure 0); the rollups know only the days' cells. Such all-zero groups are left out of the comparison."""
    summary, splits = result
    return summary, {
        split: {g: f for g, f in groups.items() if any(f[k] for k in KEYS if k not in RATES)}
        for split, groups in splits.items()
    }


def both(scope, period):
    keys = ["electronic_filings", "resolved_total", "overdue_open"]  # the month by month path
    chart = [
        "electronic_filings",
        "fee_filings_total",
        "resolved_total",
    ]  # the dashboard's: one grouped query
    with override_settings(REPORT_ROLLUPS=False):
        raw = (
            _nonzero(compute_all(scope, period, SPLITS)),
            trend(scope, period, keys),
            trend(scope, period, chart),
        )
    with override_settings(REPORT_ROLLUPS=True):
        rolled = (
            _nonzero(compute_all(scope, period, SPLITS)),
            trend(scope, period, keys),
            trend(scope, period, chart),
        )
        summary, groups, series = compute_dashboard(scope, period, SPLITS, chart)  # one read for both
    return (*raw, (raw[0], raw[2])), (*rolled, (_nonzero((summary, groups)), series))


def differences(raw, rolled):
    """The figures that differ, for a readable failure."""
    (raw_summary, raw_splits), raw_trend = raw[0], raw[1:]
    (summary, splits), series = rolled[0], rolled[1:]
    out = {k: (raw_summary[k], summary[k]) for k in raw_summary if raw_summary[k] != summary[k]}
    out |= {
        f"{s}/{g}": "differs"
        for s in raw_splits
        for g in raw_splits[s]
        if raw_splits[s][g] != splits[s].get(g)
    }
    if raw_trend != series:
        out["trend"] = (raw_trend, series)
    return out


def used_rollups(scope, period):
    return rollups.filings_by_procedure(scope, period) is not None


@pytest.mark.django_db
@hypothesis_settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    procedures=st.lists(procedure_st, min_size=1, max_size=4),
    filings=st.lists(filing_st, max_size=14),
    hotline=st.lists(hotline_st, max_size=2),
    today=st.sampled_from(TODAYS),
)
def test_rollups_give_the_figures_of_the_records(procedures, filings, hotline, today):
    with transaction.atomic():
        province, district = build(procedures, filings, hotline)
        rollups.reset()
        rollups.refresh(today=today)
        for scope in (Scope.for_province(province), Scope.for_agency(district)):
            for period in PERIODS:
                raw, rolled = both(scope, period)
                assert rolled == raw, (today, period, differences(raw, rolled))
                assert used_rollups(scope, period) == (period.start < today)
        # each day of March as a period of its own: the day boundaries of every count (overdue at a day's end)
        scope = Scope.for_province(province)
        for n in range(31):
            day = Period(MARCH.start + dt.timedelta(days=n), MARCH.start + dt.timedelta(days=n))
            with override_settings(REPORT_ROLLUPS=False):
                raw = sorted((p, a, sorted(c.items())) for p, a, c in filings_by_procedure(scope, day))
            with override_settings(REPORT_ROLLUPS=True):
                rolled = sorted((p, a, sorted(c.items())) for p, a, c in filings_by_procedure(scope, day))
            nonzero = [r for r in raw if any(v for _k, v in r[2])]
            assert [r for r in rolled if any(v for _k, v in r[2])] == nonzero, (today, day)
        transaction.set_rollback(True)


@pytest.mark.django_db
@hypothesis_settings(max_examples=3, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    procedures=st.lists(procedure_st, min_size=1, max_size=3),
    filings=st.lists(filing_st, min_size=1, max_size=12),
)
def test_incremental_folds_equal_one_fold_and_late_events_are_refolded(procedures, filings):
    with transaction.atomic():
        province, _district = build(procedures, filings, [])
        rollups.reset()
        for today in (dt.date(2024, 3, 5), dt.date(2024, 3, 20), dt.date(2024, 4, 25)):
            rollups.refresh(today=today)
        rollups.refresh(today=dt.date(2024, 4, 25))  # again: nothing changes
        incremental = sorted(ReportDaily.objects.values_list("day", "procedure", "agency", "filed", "electronic",
                             "fee_filed", "resolved_early", "resolved_on_time", "resolved_late", "overdue"))  # fmt: skip
        paid = sorted(
            ReportDailyPaid.objects.values_list("paid_day", "day", "procedure", "filed", "fee_filed")
        )
        rollups.reset()
        rollups.refresh(today=dt.date(2024, 4, 25))
        assert sorted(ReportDaily.objects.values_list("day", "procedure", "agency", "filed", "electronic", "fee_filed",
                      "resolved_early", "resolved_on_time", "resolved_late", "overdue")) == incremental  # fmt: skip
        assert (
            sorted(ReportDailyPaid.objects.values_list("paid_day", "day", "procedure", "filed", "fee_filed"))
            == paid
        )
        scope = Scope.for_province(province)
        # an event dated on a folded day, written after the fold: the rollups step aside until refolded
        filing = Filing.objects.filter(agency__province=province).first()
        FilingEvent.objects.create(filing=filing, action="withdraw", from_status=FilingStatus.IN_REVIEW,
                                   to_status=FilingStatus.WITHDRAWN, at=moment(12, 9))  # fmt: skip
        assert rollups.filings_by_procedure(scope, MARCH) is None
        raw, rolled = both(scope, MARCH)
        assert rolled == raw
        done = rollups.refresh(today=dt.date(2024, 4, 25))
        assert done["from"] == (DAY0 + dt.timedelta(days=12))
        assert rollups.filings_by_procedure(scope, MARCH) is not None
        raw, rolled = both(scope, MARCH)
        assert rolled == raw
        transaction.set_rollback(True)


def _cells():
    daily = ("day", "procedure", "agency", "filed", "electronic", "fee_filed", "resolved_early", "resolved_on_time",
             "resolved_late")  # fmt: skip
    return (
        sorted(ReportDaily.objects.values_list(*daily, "overdue")),
        sorted(ReportDailyPaid.objects.values_list("paid_day", "day", "procedure", "agency", "filed", "fee_filed")),
        sorted(ReportMonthly.objects.values_list("month", *daily[1:])),
        sorted(ReportMonthlyPaid.objects.values_list("paid_month", "month", "procedure", "agency", "filed",
                                                     "fee_filed")),
    )  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db
@hypothesis_settings(max_examples=5, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    procedures=st.lists(procedure_st, min_size=1, max_size=3),
    filings=st.lists(filing_st, min_size=1, max_size=14),
)
def test_the_sql_fold_writes_the_cells_of_the_python_fold(procedures, filings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the SQL fold: PostgreSQL")
    first, last = DAY0 - dt.timedelta(days=3), dt.date(2024, 4, 25)
    with transaction.atomic():
        build(procedures, filings, [])
        rollups.reset()
        fold.fold(first, last)  # PostgreSQL: INSERT ... SELECT
        by_sql = _cells()
        rollups.reset()
        fold.fold_python(first, last)
        fold.roll_months(fold.month_of(first), fold.month_of(last))
        assert _cells() == by_sql
        assert by_sql[0]
        transaction.set_rollback(True)


def test_a_day_closes_at_local_midnight_plus_the_grace():
    from zoneinfo import ZoneInfo

    local = ZoneInfo("Asia/Ho_Chi_Minh")
    with override_settings(REPORT_ROLLUP_GRACE_MINUTES=15):
        assert rollups.closed_until(dt.datetime(2024, 3, 2, 0, 10, tzinfo=local)) == dt.date(2024, 2, 29)
        assert rollups.closed_until(dt.datetime(2024, 3, 2, 0, 20, tzinfo=local)) == dt.date(2024, 3, 1)
        # 17:10 UTC on the 1st is 00:10 on the 2nd in Hà Nội / Hồ Chí Minh City
        assert rollups.closed_until(dt.datetime(2024, 3, 1, 17, 20, tzinfo=dt.UTC)) == dt.date(2024, 3, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_folds_at_once_one_waits_its_turn_or_skips_and_the_cells_are_those_of_one_fold():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    procedure = {"level": "full", "fee": 20_000, "active": True, "at_commune": False, "published": None,
                 "unpublished": None}  # fmt: skip
    filings = [
        {"procedure": 0, "channel": "online", "submitted": (d, 9), "received_after": 1, "due_after": 3,
         "decided_after": d % 7, "timeliness": "early", "closed": None, "payments": [("online", (d, 10))]}
        for d in range(0, 50, 3)
    ]  # fmt: skip
    build([procedure], filings, [])
    rollups.refresh(today=dt.date(2024, 2, 1))  # the watermark row exists, nothing folded yet
    barrier, results = threading.Barrier(2), []

    def fold():
        try:
            barrier.wait()
            results.append(rollups.refresh(today=dt.date(2024, 4, 25)))
        finally:
            connection.close()

    threads = [threading.Thread(target=fold) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 2 and any("cells" in r for r in results), results
    cells = sorted(ReportDaily.objects.values_list("day", "procedure", "filed", "resolved_early", "overdue"))
    rollups.reset()
    rollups.refresh(today=dt.date(2024, 4, 25))
    assert (
        sorted(ReportDaily.objects.values_list("day", "procedure", "filed", "resolved_early", "overdue"))
        == cells
    )
    assert cells


@pytest.mark.django_db
def test_the_beat_task_folds_the_closed_days(settings):
    from portal.models import RollupState
    from portal.tasks import refresh_report_rollups

    assert (
        settings.CELERY_BEAT_SCHEDULE["refresh-report-rollups"]["task"]
        == "portal.tasks.refresh_report_rollups"
    )
    refresh_report_rollups.apply().get()
    assert RollupState.objects.get(name="reports").last_day == rollups.closed_until()
    assert refresh_report_rollups.apply().get()["cells"] == "0"  # nothing new: nothing folded
