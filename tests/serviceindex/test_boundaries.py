"""The indicators at their boundaries, on records made by the real steps: a decision in the deadline's last
minute (Asia/Ho_Chi_Minh) is on time, a minute later late; a reused document counts, an uploaded one does not;
a changed rating moves the satisfaction rate; a filing with an unacknowledged status is not synced."""

import datetime as dt

from portal.reports.metrics import Period, Scope
from serviceindex import compute as index
from services import services
from services.constants import Proposal, Timeliness
from services.models import FilingDocument
from tests.builders import new_draft
from tests.factories import pdf
from tests.reports.conftest import at, local

MARCH = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
D = dt.date


def _indicator(scope, key, period=MARCH):
    result = index.compute(scope, period)
    found = next(i for g in result["groups"] for i in g["indicators"] if i["key"] == key)
    return found["numerator"], found["denominator"]


def _decide(world, filing, when):
    day = when.date()
    return world.walk(filing, [
        ("start_review", local(day - dt.timedelta(days=1), 10), {}),
        ("propose", local(day - dt.timedelta(days=1), 11), {"proposal": Proposal.APPROVE, "reason": ""}),
        ("approve", when, {}),
    ])  # fmt: skip


def _received(world, day, document=False):
    if document:  # filed online with its form attached
        with at(local(day)):
            filing = new_draft(world.full_free, world.applicant, attach=False)
            services.attach_document(filing=filing, actor=world.applicant, uploaded_file=pdf(),
                                     required_document=world.full_free.required_documents.first())  # fmt: skip
        filing = world.step(filing, "submit", local(day))
    else:
        filing = world.file(world.full_free, local(day))
    return world.step(filing, "receive", local(day, 10))


def test_a_decision_in_the_deadlines_last_minute_is_on_time_and_a_minute_later_late(world):
    first, second = _received(world, D(2024, 3, 4)), _received(world, D(2024, 3, 4))
    assert first.due_date == second.due_date == D(2024, 3, 7)
    first = _decide(world, first, local(D(2024, 3, 7), 23, 59))
    second = _decide(world, second, local(D(2024, 3, 8), 0, 0))
    assert (first.timeliness, second.timeliness) == (Timeliness.ON_TIME, Timeliness.LATE)
    assert _indicator(Scope.for_province(world.province), "filings_in_time") == (1, 2)


def test_an_undecided_filing_is_in_time_until_its_due_date_passes(world):
    _received(world, D(2024, 3, 25))  # due 28/3
    scope = Scope.for_province(world.province)
    assert _indicator(scope, "filings_in_time", Period(D(2024, 3, 1), D(2024, 3, 28))) == (1, 1)
    assert _indicator(scope, "filings_in_time", Period(D(2024, 3, 1), D(2024, 3, 29))) == (0, 1)


def test_a_reused_document_counts_and_an_uploaded_one_does_not(world):
    reused, uploaded = _received(world, D(2024, 3, 4), True), _received(world, D(2024, 3, 5), True)
    _received(world, D(2024, 3, 6))  # no document at all
    FilingDocument.objects.filter(filing=reused).update(origin="reused")
    FilingDocument.objects.filter(filing=uploaded).update(origin="uploaded")
    scope = Scope.for_province(world.province)
    assert _indicator(scope, "filings_reused") == (1, 3)
    assert _indicator(scope, "filings_digitised") == (2, 3)  # both carry a digital document, no result yet
    assert list(index.records(scope, MARCH, "filings_reused")) == [reused]
