"""The indicators at their boundaries, on records made by the real steps: a decision in the deadline's last
minute (Asia/Ho_Chi_Minh) is on time, a minute later late; a reused document counts, an uploaded one does not;
a changed rating moves the satisfaction rate; a filing with an unacknowledged status is not synced."""

import datetime as dt

from portal.reports.metrics import Period, Scope
from serviceindex import compute as index
from services import services
from services.constants import Proposal, Rating, Timeliness
from services.models import Filing, FilingDocument, SatisfactionRating
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


def _returned(world, day):
    filing = _decide(world, _received(world, day), local(day + dt.timedelta(days=2), 9))
    return world.step(filing, "return_result", local(day + dt.timedelta(days=2), 15))


def test_a_changed_rating_moves_the_satisfaction_rate_and_a_later_one_is_not_counted(world):
    first, second, late = (_returned(world, D(2024, 3, day)) for day in (4, 11, 18))
    rating = SatisfactionRating.objects.create(filing=first, value=Rating.DISSATISFIED, rated_by=world.applicant,
                                               created_at=local(D(2024, 3, 8)))  # fmt: skip
    SatisfactionRating.objects.create(filing=second, value=Rating.SATISFIED, rated_by=world.applicant,
                                      created_at=local(D(2024, 3, 14)))  # fmt: skip
    SatisfactionRating.objects.create(
        filing=late, value=Rating.DISSATISFIED, rated_by=world.applicant, created_at=local(D(2024, 4, 2))
    )  # after March: not March's
    scope = Scope.for_province(world.province)
    assert _indicator(scope, "filings_satisfied") == (2, 3)
    rating.value, rating.updated_at = Rating.NEUTRAL, local(D(2024, 3, 12))  # changed within the window
    rating.save()
    assert _indicator(scope, "filings_satisfied") == (3, 3)
    assert _indicator(scope, "filings_satisfied", Period(D(2024, 3, 1), D(2024, 4, 30))) == (2, 3)


def test_a_filing_with_an_unacknowledged_status_is_not_synced(world):
    acknowledged, unacknowledged, in_april = (_received(world, D(2024, 3, day)) for day in (4, 5, 6))
    Filing.objects.filter(pk=acknowledged.pk).update(sync_complete_at=local(D(2024, 3, 4), 11))
    Filing.objects.filter(pk=in_april.pk).update(sync_complete_at=local(D(2024, 4, 1), 8))
    assert unacknowledged.sync_complete_at is None
    scope = Scope.for_province(world.province)
    assert _indicator(scope, "filings_synced") == (1, 3)
    assert list(index.records(scope, MARCH, "filings_synced", complement=True).order_by("pk")) == [
        unacknowledged, in_april
    ]  # fmt: skip
