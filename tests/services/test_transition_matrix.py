"""Every step × every state × every actor, generated: exactly the rules of the one-stop shop allow a step.

The expected table below is written from DOMAIN.md, independently of the decorators it checks.
"""

import itertools

import pytest
from django.db import transaction

from services import services
from services.constants import FilingStatus as S
from services.constants import Role
from services.exceptions import NotPermitted, StateConflict
from services.models import FilingEvent, OutboxEvent
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official

WITHDRAWABLE = {S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.RECEIVED, S.IN_REVIEW, S.AWAITING_APPROVAL}

# step -> {source state: (who may take it, target state)}
RULES = {
    "submit": {S.DRAFT: ("applicant", S.SUBMITTED)},
    "resubmit": {S.SUPPLEMENT_REQUESTED: ("applicant", S.SUBMITTED)},
    "receive": {S.SUBMITTED: ("desk", S.RECEIVED)},
    "request_supplement": {
        S.SUBMITTED: ("desk", S.SUPPLEMENT_REQUESTED),
        S.IN_REVIEW: ("specialist", S.SUPPLEMENT_REQUESTED),
    },
    "refuse": {S.SUBMITTED: ("desk", S.REFUSED)},
    "start_review": {S.RECEIVED: ("specialist", S.IN_REVIEW)},
    "propose": {S.IN_REVIEW: ("specialist", S.AWAITING_APPROVAL)},
    "approve": {S.AWAITING_APPROVAL: ("leader", S.APPROVED)},
    "reject": {S.AWAITING_APPROVAL: ("leader", S.REJECTED)},
    "send_back": {S.AWAITING_APPROVAL: ("leader", S.IN_REVIEW)},
    "return_result": {S.APPROVED: ("desk", S.RESULT_RETURNED)},
    "withdraw": {s: ("applicant", S.WITHDRAWN) for s in WITHDRAWABLE},
}
ARGS = {
    "request_supplement": {"reason": "Thiếu bản sao CCCD"},
    "refuse": {"reason": "Không thuộc thẩm quyền"},
    "propose": {"proposal": "approve"},
    "reject": {"reason": "Không đủ điều kiện"},
    "send_back": {"reason": "Bổ sung thẩm định"},
}
ACTORS = [
    "applicant",
    "other_citizen",
    "desk",
    "specialist",
    "leader",
    "other_desk",
    "other_specialist",
    "other_leader",
    "admin",
]


@pytest.fixture
def world(db):
    agency = AgencyFactory()
    other = AgencyFactory(province=agency.province)
    procedure = ProcedureFactory(agency=agency)
    return {
        "procedure": procedure,
        "applicant": citizen(1),
        "other_citizen": citizen(2),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
        "other_desk": official(Role.DESK, other),
        "other_specialist": official(Role.SPECIALIST, other),
        "other_leader": official(Role.LEADER, other),
        "admin": official(Role.ADMIN, None, is_superuser=True, is_staff=True),
    }


def _attempt(world, step, state, actor, filing):
    """Try ``step`` as ``actor``; return what happened. The caller rolls the attempt back."""
    events_before = FilingEvent.objects.filter(filing=filing).count()
    outbox_before = OutboxEvent.objects.count()
    try:
        result = services.TRANSITIONS[step](filing=filing, actor=world[actor], **ARGS.get(step, {}))
    except StateConflict:
        outcome = "409"
    except NotPermitted:
        outcome = "403"
    else:
        event = FilingEvent.objects.filter(filing=filing).latest("id")
        assert (event.action, event.from_status, event.to_status, event.actor) == (
            step,
            state,
            result.status,
            world[actor],
        )
        assert OutboxEvent.objects.count() == outbox_before + 1
        return result.status
    filing.refresh_from_db()
    assert filing.status == state, "a refused step must change nothing"
    assert FilingEvent.objects.filter(filing=filing).count() == events_before
    assert OutboxEvent.objects.count() == outbox_before
    return outcome


@pytest.mark.parametrize(("step", "state"), list(itertools.product(RULES, S.values)))
def test_only_the_named_role_of_the_filings_agency_may_take_a_step_from_its_source_states(world, step, state):
    filing = drive(new_draft(world["procedure"], world["applicant"]), state, world)
    allowed = RULES[step].get(state)
    for actor in ACTORS:
        if allowed is None:
            expected = "409"
        elif allowed[0] == actor:
            expected = allowed[1]
        else:
            expected = "403"
        with transaction.atomic():
            outcome = _attempt(world, step, state, actor, filing)
            transaction.set_rollback(True)
        filing.refresh_from_db()
        assert outcome == expected, f"{step} from {state} by {actor}"
