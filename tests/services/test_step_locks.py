"""A step locks its filing's row and nothing else (issue 12): while one filing of an agency is in the middle of
a step, a citizen opens and submits another filing of the same procedure without waiting. Real PostgreSQL, two
connections; the step's transaction is held open by taking it inside an outer one."""

import threading

import pytest
from django.db import connection, transaction

from services import services
from services.constants import FilingStatus as S
from services.constants import Role
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official

pytestmark = pytest.mark.postgres


@pytest.fixture
def world(transactional_db):
    agency = AgencyFactory()
    actors = {
        "applicant": citizen(1),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
    }
    return ProcedureFactory(agency=agency), actors


def test_a_step_in_progress_does_not_hold_up_new_filings_or_steps_of_the_same_agency(world):
    procedure, actors = world
    held = drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors)
    other = new_draft(procedure, actors["applicant"])
    locked, release, failure = threading.Event(), threading.Event(), []

    def step_held_open():
        try:
            with transaction.atomic():  # the step's lock lasts until this outer transaction ends
                services.receive_filing(filing=held, actor=actors["desk"])
                locked.set()
                release.wait(timeout=30)
        except Exception as exc:  # reported by the test below
            failure.append(exc)
            locked.set()
        finally:
            connection.close()

    thread = threading.Thread(target=step_held_open)
    thread.start()
    try:
        assert locked.wait(timeout=30) and not failure, failure
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # waiting on the other step's locks fails the test
        try:
            new = new_draft(procedure, actors["applicant"])
            submitted = services.submit_filing(filing=other, actor=actors["applicant"])
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    finally:
        release.set()
        thread.join(timeout=30)
    assert not failure, failure
    assert new.status == S.DRAFT and submitted.status == S.SUBMITTED
    held.refresh_from_db()
    assert held.status == S.RECEIVED
