"""No 500 from a shared flag: re-reading a filing or a payment never toggles the FSM field's class-wide
``protected`` flag, so threads taking steps and re-reading at once never see "Direct status modification
is not allowed" (issue 16)."""

import sys
import threading

import pytest
from django.db import connection

from payments.models import Payment
from services import services
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import Filing
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official

THREADS = 6
ROUNDS = 40


@pytest.fixture
def fast_switching():
    """Switch threads very often so that an unsafe window between two threads is hit within the test."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _run_threads(work):
    errors = []

    def run(i):
        try:
            work(i)
        except Exception as exc:  # what the test inspects
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return errors


@pytest.mark.postgres
def test_threads_stepping_and_re_reading_filings_at_once_never_hit_the_protected_flag(
    transactional_db, fast_switching
):
    agency = AgencyFactory()
    procedure = ProcedureFactory(agency=agency)
    actors = {"applicant": citizen(1), "desk": official(Role.DESK, agency)}
    filings = [drive(new_draft(procedure, actors["applicant"]), S.SUBMITTED, actors) for _ in range(THREADS)]
    codes = [f.code for f in filings]

    def work(i):
        filing = Filing.objects.get(code=codes[i])
        # A step (its service re-reads the filing after commit), then many re-reads, as requests do.
        services.receive_filing(filing=filing, actor=actors["desk"])
        for _ in range(ROUNDS):
            filing.refresh_from_db()
            assert filing.status == S.RECEIVED

    errors = _run_threads(work)
    assert errors == []
    assert set(Filing.objects.filter(code__in=codes).values_list("status", flat=True)) == {S.RECEIVED}


@pytest.mark.postgres
def test_threads_re_reading_payments_at_once_never_hit_the_protected_flag(transactional_db, fast_switching):
    agency = AgencyFactory()
    procedure = ProcedureFactory(agency=agency, fee=50_000)
    applicant = citizen(1)
    filing = new_draft(procedure, applicant)
    payments = [
        Payment.objects.create(filing=filing, channel="online", amount=50_000) for _ in range(THREADS)
    ]

    def work(i):
        payment = Payment.objects.get(pk=payments[i].pk)
        for _ in range(ROUNDS * 3):
            payment.refresh_from_db()
            payment.refresh_from_db(fields=["status"])

    assert _run_threads(work) == []


@pytest.mark.django_db
def test_a_filing_read_again_saves_against_the_state_it_read():
    """The safe re-read records the state it read for django-fsm's concurrency check: saving the filing
    after a step (which re-reads it) is not mistaken for a concurrent transition."""
    agency = AgencyFactory()
    procedure = ProcedureFactory(agency=agency)
    people = {
        "applicant": citizen(7),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
    }
    filing = drive(new_draft(procedure, people["applicant"]), S.RECEIVED, people)
    filing.refresh_from_db()
    filing.applicant_email = "an@example.vn"
    filing.save(update_fields=["applicant_email"])
    assert Filing.objects.get(pk=filing.pk).applicant_email == "an@example.vn"
