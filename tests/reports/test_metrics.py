"""Every metric on a small March 2024 built through the real state machine, at the times things happened."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline import services as hotline
from payments import services as payments
from portal.reports.metrics import KEYS, Period, Scope, compute, compute_split, trend
from services import services
from services.constants import Proposal
from tests.factories import AgencyFactory, ProcedureFactory
from tests.reports.conftest import at, local

MARCH = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
D = dt.date


def _review_and_decide(world, filing, day, decision="approve", hour=14):
    steps = [
        ("start_review", local(day, 10), {}),
        ("propose", local(day, 13), {"proposal": Proposal.APPROVE if decision == "approve" else Proposal.REJECT,
                                     "reason": "" if decision == "approve" else "Không đủ điều kiện"}),
    ]  # fmt: skip
    steps.append(
        (decision, local(day, hour), {} if decision == "approve" else {"reason": "Không đủ điều kiện"})
    )
    return world.walk(filing, steps)


def _pay_at_desk(world, filing, when):
    with at(when):
        payments.record_counter_payment(
            filing=filing, actor=world.staff[filing.agency_id]["desk"], receipt_number="BL-1"
        )
    filing.refresh_from_db()
    return filing


def build_march(world):
    """The filings of the scenario; see each comment for what it should count as in March."""
    w = world
    w.publish(w.full_fee, local(D(2024, 1, 10)))  # integrated before March
    w.publish(w.partial_fee, local(D(2024, 4, 5)))  # integrated only in April
    f = {}
    # f1: free, online, decided early (due 8/3), result returned
    f[1] = w.step(w.file(w.full_free, local(D(2024, 3, 4))), "receive", local(D(2024, 3, 5), 8))
    f[1] = _review_and_decide(w, f[1], D(2024, 3, 6))
    f[1] = w.step(f[1], "return_result", local(D(2024, 3, 7)))
    # f2: fee, online, paid at the desk, decided on the due date
    f[2] = w.step(w.file(w.partial_fee, local(D(2024, 3, 4))), "receive", local(D(2024, 3, 5), 8))
    f[2] = _pay_at_desk(w, f[2], local(D(2024, 3, 5), 9))
    f[2] = _review_and_decide(w, f[2], D(2024, 3, 8))
    # f3: fee, walk-in, rejected late with an apology slip
    f[3] = w.step(
        w.file(w.partial_fee, local(D(2024, 3, 6)), channel="counter"), "receive", local(D(2024, 3, 6), 10)
    )
    with at(local(D(2024, 3, 12), 8)):
        services.issue_apology_slip(filing=f[3], actor=w.staff[f[3].agency_id]["leader"],
                                    new_due_date=D(2024, 3, 13), reason="Chờ xác minh")  # fmt: skip
    f[3] = _review_and_decide(w, f[3], D(2024, 3, 13), decision="reject")
    # f4: fee, online, refused at the desk: filed, not resolved
    f[4] = w.step(
        w.file(w.full_fee, local(D(2024, 3, 7))), "refuse", local(D(2024, 3, 7), 11), reason="Sai cơ quan"
    )
    # f5: fee, online, received and left in review past its due date (26/3): overdue at the end of March
    f[5] = w.step(w.file(w.partial_fee, local(D(2024, 3, 20))), "receive", local(D(2024, 3, 21), 8))
    f[5] = w.step(f[5], "start_review", local(D(2024, 3, 21), 9))
    # f6: free, online, withdrawn before its due date
    f[6] = w.step(w.file(w.full_free, local(D(2024, 3, 25))), "withdraw", local(D(2024, 3, 26)))
    # f7: fee, at the desk in February, decided early on 1/3 (resolved in March, not filed in March)
    f[7] = w.step(
        w.file(w.offline, local(D(2024, 2, 28)), channel="counter"), "receive", local(D(2024, 2, 28), 10)
    )
    f[7] = _review_and_decide(w, f[7], D(2024, 3, 1))
    # f8: filed in April
    f[8] = w.file(w.partial_fee, local(D(2024, 4, 2)))
    # hotline: three items in March (two answered in March, one in April), one in April
    officer = w.staff[w.district.pk]["desk"]
    items = [hotline.record_feedback(province=w.province, caller_name="Lê C", subject=f"Hỏi {i}",
                                     agency=w.district, at=local(D(2024, 3, 10 + i))) for i in range(3)]  # fmt: skip
    for item, day in zip(items, (D(2024, 3, 12), D(2024, 3, 14), D(2024, 4, 2)), strict=True):
        with at(local(day)):
            hotline.answer_feedback(item=item, actor=officer, answer="Đã trả lời")
    hotline.record_feedback(province=w.province, caller_name="Lê D", subject="Hỏi", at=local(D(2024, 4, 3)))
    return f


EXPECTED_MARCH = {
    "procedures_total": 4,
    "online_services_total": 3,
    "online_service_rate": 75.0,
    "full_process_total": 2,
    "partial_total": 1,
    "full_process_rate": 50.0,
    "partial_rate": 25.0,
    "integrated_total": 1,
    "integration_rate": 33.33,
    "electronic_filings": 5,  # f1, f2, f4, f5, f6
    "fee_procedures_total": 3,
    "fee_procedures_with_filings": 2,  # full_fee (f4), partial_fee (f2, f3, f5); not offline (f7 in February)
    "fee_procedures_with_filings_rate": 66.67,
    "fee_procedures_with_online_payment": 0,
    "fee_procedures_with_online_payment_rate": 0.0,
    "fee_filings_total": 4,  # f2, f3, f4, f5
    "online_paid_filings": 0,
    "online_payment_rate": 0.0,
    "resolved_total": 4,  # f1, f2, f3, f7
    "resolved_early": 2,
    "resolved_on_time": 1,
    "resolved_late": 1,
    "on_time_rate": 75.0,
    "overdue_open": 1,  # f5
    "hotline_received": 3,
    "hotline_answered": 2,
    "hotline_answer_rate": 66.67,
}


def test_every_metric_of_a_province_matches_the_scenario_count(world):
    build_march(world)
    figures = compute(Scope.for_province(world.province), MARCH)
    assert {k: figures[k] for k in KEYS} == EXPECTED_MARCH
    assert figures["fractions"]["on_time_rate"] == {"numerator": 3, "denominator": 4}
    assert figures["fractions"]["hotline_answer_rate"] == {"numerator": 2, "denominator": 3}


def test_metrics_agree_with_a_count_over_the_rows(world):
    """An independent count in Python over the filings and their history."""
    f = build_march(world)
    figures = compute(Scope.for_province(world.province), MARCH)
    filings = [x.__class__.objects.get(pk=x.pk) for x in f.values()]
    in_march = [x for x in filings if MARCH.since <= x.submitted_at < MARCH.until]
    decided = [x for x in filings if x.decided_at and MARCH.since <= x.decided_at < MARCH.until]
    assert figures["electronic_filings"] == sum(x.channel == "online" for x in in_march)
    assert figures["fee_filings_total"] == sum(x.fee > 0 for x in in_march)
    assert figures["resolved_total"] == len(decided)
    assert figures["resolved_late"] == sum(x.timeliness == "late" for x in decided)
    assert figures["resolved_late"] == sum(x.apology_slips.count() for x in decided)


def test_the_report_takes_three_queries_whatever_the_data(world, settings):
    build_march(world)
    settings.REPORT_ROLLUPS = False
    with CaptureQueriesContext(connection) as queries:
        compute(Scope.for_province(world.province), MARCH)
    assert len(queries) == 3
    settings.REPORT_ROLLUPS = (
        True  # the default: one more, the rollups' watermark (none yet: the records answer)
    )
    with CaptureQueriesContext(connection) as queries:
        compute(Scope.for_province(world.province), MARCH)
    assert len(queries) == 4


def test_report_for_a_past_period_is_unchanged_after_later_activity(world):
    f = build_march(world)
    scope = Scope.for_province(world.province)
    before = compute(scope, MARCH)
    # April: f5 decided late, f8 received and withdrawn, a withdrawal of the catalog's publication
    f[5] = world.walk(f[5], [("propose", local(D(2024, 4, 8), 9), {"proposal": Proposal.APPROVE}),
                             ("approve", local(D(2024, 4, 8), 10), {})])  # fmt: skip
    world.step(f[8], "withdraw", local(D(2024, 4, 3)))
    withdrawn = world.full_fee.publication  # the gateway's acknowledged withdrawal, saved as record_ack does
    withdrawn.state, withdrawn.unpublished_at = "unpublished", local(D(2024, 4, 9))
    withdrawn.save()
    f[2] = world.step(f[2], "return_result", local(D(2024, 4, 10)))
    assert compute(scope, MARCH) == before
    april = compute(scope, Period(D(2024, 4, 1), D(2024, 4, 30)))
    assert april["resolved_late"] == 1 and april["integrated_total"] == 1  # partial_fee published 5/4


def test_the_province_comparison_in_one_split_agrees_with_each_province_computed_alone(world, settings):
    settings.REPORT_ROLLUPS = False  # the records' queries (the rollups' watermark would be one more)
    build_march(world)
    elsewhere = AgencyFactory()
    ProcedureFactory.create_batch(2, agency=elsewhere)
    with CaptureQueriesContext(connection) as queries:
        by_province = compute_split(Scope.everywhere(), MARCH, "province")
    assert len(queries) == 3
    assert set(by_province) == {world.province.slug, elsewhere.province.slug}
    for province in (world.province, elsewhere.province):
        alone = compute(Scope.for_province(province), MARCH)
        assert {k: by_province[province.slug][k] for k in KEYS} == {k: alone[k] for k in KEYS}
    assert by_province[elsewhere.province.slug]["procedures_total"] == 2


def test_the_monthly_trend_in_one_query_agrees_with_each_month_computed_alone(world, settings):
    settings.REPORT_ROLLUPS = False  # the records' query (the rollups' watermark would be one more)
    f = build_march(world)
    f[5] = world.walk(f[5], [("propose", local(D(2024, 4, 8), 9), {"proposal": Proposal.APPROVE}),
                             ("approve", local(D(2024, 4, 8), 10), {})])  # fmt: skip
    scope, spring = Scope.for_province(world.province), Period(D(2024, 2, 15), D(2024, 4, 30))
    keys = ("electronic_filings", "fee_filings_total", "resolved_total", "resolved_late", "overdue_open")
    with CaptureQueriesContext(connection) as queries:
        months = trend(scope, spring, keys)
    assert len(queries) == 1
    assert [m for m, _ in months] == list(spring.months())
    for month, figures in months:
        alone = compute(scope, month)
        assert figures == {k: alone[k] for k in keys}, month
    assert sum(figures["resolved_total"] for _, figures in months) > 0
    with pytest.raises(ValueError):
        trend(scope, spring, ["procedures_total"])


def test_one_more_late_decision_changes_only_the_figures_it_should(world):
    f = build_march(world)
    scope = Scope.for_province(world.province)
    before = compute(scope, MARCH)
    f[5] = world.walk(f[5], [("propose", local(D(2024, 3, 28), 9), {"proposal": Proposal.APPROVE}),
                             ("approve", local(D(2024, 3, 28), 10), {})])  # fmt: skip
    after = compute(scope, MARCH)
    assert after["resolved_total"] == before["resolved_total"] + 1
    assert after["resolved_late"] == before["resolved_late"] + 1
    assert after["overdue_open"] == before["overdue_open"] - 1
    assert after["on_time_rate"] == 60.0  # 3/5
    changed = {k for k in KEYS if after[k] != before[k]}
    assert changed == {"resolved_total", "resolved_late", "overdue_open", "on_time_rate"}


def test_an_agency_report_covers_its_sub_agencies_only(world):
    build_march(world)
    district = compute(Scope.for_agency(world.district), MARCH)
    commune = compute(Scope.for_agency(world.commune), MARCH)
    assert district["procedures_total"] == 4
    assert commune["procedures_total"] == 2  # partial_fee, full_free
    assert commune["electronic_filings"] == 4  # f1, f2, f5, f6
    assert commune["hotline_received"] == 0  # the hotline items name the district


@pytest.mark.parametrize("split", ["level", "field", "agency"])
def test_a_split_adds_up_to_the_whole(world, split):
    build_march(world)
    scope = Scope.for_province(world.province)
    whole = compute(scope, MARCH)
    groups = compute_split(scope, MARCH, split)
    for key in (
        "procedures_total",
        "electronic_filings",
        "fee_filings_total",
        "resolved_total",
        "overdue_open",
    ):
        assert sum(g[key] for g in groups.values()) == whole[key], key
