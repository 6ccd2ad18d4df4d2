"""What needs the real services: two officials at once on PostgreSQL; the overdue beat task on a real worker."""

import datetime as dt
import threading
import zoneinfo

import pytest
from django.db import connection

from services import services
from services.constants import FilingStatus as S
from services.constants import Role
from services.exceptions import StateConflict
from services.models import Filing, FilingEvent, OutboxEvent
from services.tasks import flag_overdue_filings
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official


@pytest.fixture
def setup(transactional_db):
    agency = AgencyFactory()
    actors = {
        "applicant": citizen(1),
        "desk": official(Role.DESK, agency),
        "desk2": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
    }
    return ProcedureFactory(agency=agency), actors


def race(*calls):
    """Run the calls at the same moment, each on its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # the outcome is what the test inspects
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.parametrize("rounds", range(5))
def test_two_desk_officers_receiving_the_same_filing_at_once_one_wins_the_other_gets_a_conflict(
    setup, rounds
):
    procedure, actors = setup
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    results = race(
        lambda: services.receive_filing(filing=Filing.objects.get(pk=filing.pk), actor=actors["desk"]),
        lambda: services.receive_filing(filing=Filing.objects.get(pk=filing.pk), actor=actors["desk2"]),
    )
    wins = [r for r in results if isinstance(r, Filing)]
    conflicts = [r for r in results if isinstance(r, StateConflict)]
    assert (len(wins), len(conflicts)) == (1, 1), results
    assert FilingEvent.objects.filter(filing=filing, action="receive").count() == 1
    assert OutboxEvent.objects.filter(key=f"filing:{filing.code}", payload__action="receive").count() == 1
    assert Filing.objects.get(pk=filing.pk).receipt_number.endswith("/000001")


@pytest.mark.postgres
def test_receive_and_refuse_at_once_leave_exactly_one_decision(setup):
    procedure, actors = setup
    filing = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    results = race(
        lambda: services.receive_filing(filing=Filing.objects.get(pk=filing.pk), actor=actors["desk"]),
        lambda: services.refuse_filing(
            filing=Filing.objects.get(pk=filing.pk), actor=actors["desk2"], reason="Sai"
        ),
    )
    assert sum(isinstance(r, Filing) for r in results) == 1
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    final = Filing.objects.get(pk=filing.pk)
    assert final.status in (S.RECEIVED, S.REFUSED)
    assert list(FilingEvent.objects.filter(filing=filing).values_list("to_status", flat=True)) == [
        S.SUBMITTED,
        final.status,
    ]


@pytest.fixture
def celery_worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.mark.postgres
@pytest.mark.broker
def test_the_beat_task_on_a_real_worker_flags_a_filing_that_went_overdue_once(setup, celery_worker):
    procedure, actors = setup
    late = drive(new_draft(procedure, actors["applicant"]), S.IN_REVIEW, actors)
    on_time = drive(new_draft(procedure, actors["applicant"]), S.IN_REVIEW, actors)
    paused = drive(new_draft(procedure, actors["applicant"]), S.IN_REVIEW, actors)
    past = dt.date(2024, 3, 5)
    Filing.objects.filter(pk__in=[late.pk, paused.pk]).update(due_date=past)
    Filing.objects.filter(pk=on_time.pk).update(due_date=dt.date.today() + dt.timedelta(days=30))
    services.request_supplement(filing=paused, actor=actors["specialist"], reason="Thiếu giấy tờ")

    assert flag_overdue_filings.delay().get(timeout=30) == 1
    assert flag_overdue_filings.delay().get(timeout=30) == 0
    flagged = Filing.objects.filter(overdue_flagged_at__isnull=False)
    assert list(flagged.values_list("pk", flat=True)) == [late.pk]
    assert OutboxEvent.objects.filter(topic="filing.overdue", key=f"filing:{late.code}").count() == 1


def test_flagging_overdue_in_process_skips_filings_whose_clock_is_stopped(setup):
    procedure, actors = setup
    late = drive(new_draft(procedure, actors["applicant"]), S.AWAITING_APPROVAL, actors)
    Filing.objects.filter(pk=late.pk).update(due_date=dt.date(2024, 3, 5))
    now = dt.datetime(2024, 3, 6, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert services.flag_overdue_filings(now=now) == 1
    assert services.flag_overdue_filings(now=now) == 0
