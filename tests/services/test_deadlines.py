"""Working-day deadlines: holidays, make-up days, admin-entered days, clock stop, day boundary in Vietnam."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from services import services
from services.calendar import WorkingCalendar
from services.constants import FilingStatus as S
from services.constants import Proposal, Role, Timeliness
from services.models import CalendarDay, Filing
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official, pdf

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        pytest.param(D(2024, 2, 7), 5, D(2024, 2, 21), id="tet-2024"),
        pytest.param(D(2025, 1, 24), 3, D(2025, 2, 5), id="tet-2025"),
        pytest.param(D(2025, 4, 29), 2, D(2025, 5, 6), id="30-4-and-1-5-2025"),
        pytest.param(D(2025, 8, 29), 1, D(2025, 9, 3), id="2-9-2025"),
        pytest.param(D(2024, 8, 30), 2, D(2024, 9, 5), id="2-9-2024"),
        pytest.param(D(2024, 4, 17), 1, D(2024, 4, 19), id="hung-kings-2024"),
        pytest.param(D(2024, 5, 3), 1, D(2024, 5, 4), id="make-up-saturday-2024-05-04"),
        pytest.param(D(2025, 4, 25), 1, D(2025, 4, 26), id="make-up-saturday-2025-04-26"),
        pytest.param(D(2024, 3, 1), 1, D(2024, 3, 4), id="plain-weekend"),
        pytest.param(D(2024, 3, 4), 0, D(2024, 3, 4), id="zero-days"),
    ],
)
def test_due_date_counts_working_days_from_the_day_after_receipt(received, days, due):
    assert WorkingCalendar().add_working_days(received, days) == due


@pytest.mark.django_db
def test_an_admin_entered_day_off_pushes_the_due_date():
    assert WorkingCalendar().add_working_days(D(2024, 3, 4), 2) == D(2024, 3, 6)
    CalendarDay.objects.create(date=D(2024, 3, 5), is_working_day=False, reason="Nghỉ bầu cử")
    assert WorkingCalendar().add_working_days(D(2024, 3, 4), 2) == D(2024, 3, 7)


@pytest.mark.django_db
def test_an_admin_entered_make_up_saturday_counts_as_a_working_day():
    assert WorkingCalendar().add_working_days(D(2024, 3, 8), 1) == D(2024, 3, 11)
    CalendarDay.objects.create(date=D(2024, 3, 9), is_working_day=True, reason="Làm bù")
    assert WorkingCalendar().add_working_days(D(2024, 3, 8), 1) == D(2024, 3, 9)


def at_vn(*args):
    return dt.datetime(*args, tzinfo=VN)


@pytest.fixture
def actors(db):
    agency = AgencyFactory()
    return {
        "agency": agency,
        "applicant": citizen(1),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
    }


def step_at(when, step, filing, actor, **kwargs):
    """Take a step as if at ``when`` (the clock moved with time-machine, as the reports tests do)."""
    with time_machine.travel(when, tick=False):
        return services.TRANSITIONS[step](filing=filing, actor=actor, **kwargs)


def test_receipt_sets_due_date_and_a_gapless_receipt_number(actors):
    procedure = ProcedureFactory(agency=actors["agency"], processing_days=5)
    first = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    second = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    first = step_at(at_vn(2024, 2, 7, 9, 0), "receive", first, actors["desk"])
    second = step_at(at_vn(2024, 2, 7, 10, 0), "receive", second, actors["desk"])
    assert first.due_date == D(2024, 2, 21)
    assert first.receipt_number.endswith("/2024/000001")
    assert second.receipt_number.endswith("/2024/000002")


def test_a_supplement_during_processing_stops_the_clock_and_resubmission_resumes_the_remaining_days(actors):
    procedure = ProcedureFactory(agency=actors["agency"], processing_days=5)
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    filing = step_at(at_vn(2024, 3, 4, 9), "receive", filing, actors["desk"])  # Mon → due Mon 11/3
    assert filing.due_date == D(2024, 3, 11)
    filing = step_at(at_vn(2024, 3, 5, 9), "start_review", filing, actors["specialist"])
    filing = step_at(at_vn(2024, 3, 6, 9), "request_supplement", filing, actors["specialist"], reason="Thiếu")
    assert filing.remaining_days == 3  # Thu 7, Fri 8, Mon 11
    services.attach_document(filing=filing, actor=actors["applicant"], uploaded_file=pdf())
    filing = step_at(at_vn(2024, 3, 13, 15), "resubmit", filing, actors["applicant"])  # Wed
    assert filing.status == S.IN_REVIEW
    assert filing.due_date == D(2024, 3, 18)  # Thu 14, Fri 15, Mon 18
    assert filing.clock_stopped_at is None


def test_a_procedure_set_to_restart_gives_the_full_time_again_after_a_supplement(actors):
    procedure = ProcedureFactory(agency=actors["agency"], processing_days=5, restart_clock_on_supplement=True)
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    filing = step_at(at_vn(2024, 3, 4, 9), "receive", filing, actors["desk"])
    filing = step_at(at_vn(2024, 3, 5, 9), "start_review", filing, actors["specialist"])
    filing = step_at(at_vn(2024, 3, 6, 9), "request_supplement", filing, actors["specialist"], reason="Thiếu")
    filing = step_at(at_vn(2024, 3, 13, 15), "resubmit", filing, actors["applicant"])
    assert filing.due_date == D(2024, 3, 20)


def test_a_supplement_asked_at_the_desk_returns_the_filing_to_the_desk_without_a_clock(actors):
    procedure = ProcedureFactory(agency=actors["agency"])
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUPPLEMENT_REQUESTED, actors)
    assert filing.due_date is None and filing.remaining_days is None
    filing = services.resubmit_filing(filing=filing, actor=actors["applicant"])
    assert filing.status == S.SUBMITTED and filing.due_date is None


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        pytest.param(at_vn(2024, 2, 20, 23, 59), Timeliness.EARLY, id="day-before"),
        pytest.param(at_vn(2024, 2, 21, 0, 1), Timeliness.ON_TIME, id="due-day-just-after-midnight-vn"),
        pytest.param(at_vn(2024, 2, 21, 23, 59), Timeliness.ON_TIME, id="due-day-late-evening-vn"),
        pytest.param(at_vn(2024, 2, 22, 0, 1), Timeliness.LATE, id="next-day-just-after-midnight-vn"),
    ],
)
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_timeliness_is_decided_by_the_decision_date_in_vietnam(actors, decided, expected, decision):
    procedure = ProcedureFactory(agency=actors["agency"], processing_days=5)
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    filing = step_at(at_vn(2024, 2, 7, 9), "receive", filing, actors["desk"])
    filing = services.start_review(filing=filing, actor=actors["specialist"])
    filing = services.propose_decision(filing=filing, actor=actors["specialist"], proposal=Proposal.APPROVE)
    kwargs = {"reason": "Không đủ điều kiện"} if decision == "reject" else {}
    filing = step_at(decided, decision, filing, actors["leader"], **kwargs)
    # 2024-02-21 23:59 in Vietnam is 16:59 UTC on the 21st; 00:01 on the 22nd is still the 21st in UTC.
    assert filing.timeliness == expected
    assert Filing.objects.get(pk=filing.pk).timeliness == expected


def test_returning_the_result_later_does_not_change_the_classification(actors):
    procedure = ProcedureFactory(agency=actors["agency"], processing_days=1)
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    filing = step_at(at_vn(2024, 3, 4, 9), "receive", filing, actors["desk"])
    filing = services.start_review(filing=filing, actor=actors["specialist"])
    filing = services.propose_decision(filing=filing, actor=actors["specialist"], proposal=Proposal.APPROVE)
    filing = step_at(at_vn(2024, 3, 5, 9), "approve", filing, actors["leader"])
    filing = step_at(at_vn(2024, 3, 20, 9), "return_result", filing, actors["desk"])
    assert filing.timeliness == Timeliness.ON_TIME


def test_refused_and_withdrawn_filings_are_not_classified(actors):
    procedure = ProcedureFactory(agency=actors["agency"])
    refused = drive(new_draft(procedure, actors["applicant"]), S.REFUSED, actors)
    withdrawn = drive(new_draft(procedure, actors["applicant"]), S.WITHDRAWN, actors)
    assert refused.timeliness == "" and withdrawn.timeliness == ""
