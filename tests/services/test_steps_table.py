"""The steps' table is the one list of steps: the state machine, the services, the filing page, the API and
docs/workflow.md all follow it, and what a step asks for is what DOMAIN.md says.

The expected "needs a reason" below is written from DOMAIN.md ("refusal ... always with a written reason",
"asks for a supplement (with what is missing)"), independently of the table it checks.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from services import services
from services.constants import FilingStatus as S
from services.constants import Proposal
from services.exceptions import InvalidInput
from services.models import Filing
from services.steps import STEPS, Reason
from tests.builders import cast, drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory

NEEDS_REASON = {
    "submit": Reason.NONE,
    "resubmit": Reason.NONE,
    "receive": Reason.NONE,
    "request_supplement": Reason.REQUIRED,
    "refuse": Reason.REQUIRED,
    "start_review": Reason.NONE,
    "propose": Reason.TO_REJECT,
    "approve": Reason.NONE,
    "reject": Reason.REQUIRED,
    "send_back": Reason.REQUIRED,
    "return_result": Reason.NONE,
    "withdraw": Reason.OPTIONAL,
}
# A state each step can be taken from, and who takes it there.
FROM = {
    "submit": (S.DRAFT, "applicant"),
    "resubmit": (S.SUPPLEMENT_REQUESTED, "applicant"),
    "receive": (S.SUBMITTED, "desk"),
    "request_supplement": (S.SUBMITTED, "desk"),
    "refuse": (S.SUBMITTED, "desk"),
    "start_review": (S.RECEIVED, "specialist"),
    "propose": (S.IN_REVIEW, "specialist"),
    "approve": (S.AWAITING_APPROVAL, "leader"),
    "reject": (S.AWAITING_APPROVAL, "leader"),
    "send_back": (S.AWAITING_APPROVAL, "leader"),
    "return_result": (S.APPROVED, "desk"),
    "withdraw": (S.SUBMITTED, "applicant"),
}


def _transitions():
    return Filing._meta.get_field("status").get_all_transitions(Filing)


def test_the_table_names_exactly_the_transitions_of_the_state_machine():
    assert {t.name for t in _transitions()} == set(STEPS) == set(services.TRANSITIONS) == set(NEEDS_REASON)


def test_each_transition_takes_its_permission_and_conditions_from_the_table():
    for t in _transitions():
        assert t.permission is STEPS[t.name].who, t.name
        assert list(t.conditions) == list(STEPS[t.name].conditions), t.name


def test_what_each_step_asks_for_is_what_the_domain_says():
    assert {name: step.reason for name, step in STEPS.items()} == NEEDS_REASON
    assert STEPS["propose"].fields == ("proposal", "reason")
    assert {name for name, step in STEPS.items() if step.on_filing_form} == {"submit", "resubmit"}


def test_the_api_has_one_action_per_step_taking_the_steps_fields(db):
    from services.api.viewsets import BODIES, FilingViewSet

    for name, step in STEPS.items():
        assert reverse("api:filing-" + name, args=["X-1"]) == f"/api/v1/filings/X-1/{name}/"
        body = BODIES[step.fields]
        assert (set(body().fields) if body else set()) == set(step.fields), name
        assert getattr(FilingViewSet, name).url_path == name


def test_docs_workflow_shows_whether_each_step_needs_a_reason():
    text = (Path(settings.BASE_DIR) / "docs" / "workflow.md").read_text(encoding="utf-8")
    assert "| needs a reason |" in text
    for name, reason in NEEDS_REASON.items():
        assert f"| `{name}` |" in text
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"| {reason.value} |" in row, name


@pytest.fixture
def people(db):
    agency = AgencyFactory()
    return cast(agency, AgencyFactory(province=agency.province))


@pytest.mark.parametrize("name", list(STEPS))
def test_a_step_that_needs_a_reason_is_refused_without_one_and_the_others_are_not(people, name):
    state, who = FROM[name]
    filing = drive(
        new_draft(ProcedureFactory(agency=people["desk"].agency), people["applicant"]), state, people
    )
    blank = {"reason": "  "}
    if name == "propose":
        blank["proposal"] = Proposal.REJECT
    with transaction.atomic():
        if NEEDS_REASON[name] in (Reason.REQUIRED, Reason.TO_REJECT):
            with pytest.raises(InvalidInput) as err:
                services.TRANSITIONS[name](filing=filing, actor=people[who], **blank)
            assert (err.value.code, err.value.field) == ("reason_required", "reason")
            assert Filing.objects.get(pk=filing.pk).status == state, "nothing changed"
        else:
            arguments = blank if "reason" in STEPS[name].fields else {}
            assert services.TRANSITIONS[name](filing=filing, actor=people[who], **arguments).status != state
        transaction.set_rollback(True)


def test_proposing_approval_needs_no_reason(people):
    filing = drive(
        new_draft(ProcedureFactory(agency=people["desk"].agency), people["applicant"]), S.IN_REVIEW, people
    )
    proposed = services.propose_decision(filing=filing, actor=people["specialist"], proposal=Proposal.APPROVE)
    assert proposed.status == S.AWAITING_APPROVAL


def test_the_filing_page_marks_the_reason_required_exactly_where_the_step_needs_one(client, people):
    filing = drive(
        new_draft(ProcedureFactory(agency=people["desk"].agency), people["applicant"]), S.SUBMITTED, people
    )
    client.force_login(people["desk"])
    page = client.get(reverse("portal:filing", args=[filing.code])).content.decode()
    for name in ("request_supplement", "refuse"):
        assert f'id="reason-{name}" name="reason" rows="2" required' in page
    assert 'id="reason-receive"' not in page
    client.force_login(people["applicant"])
    page = client.get(reverse("portal:filing", args=[filing.code])).content.decode()
    assert 'id="reason-withdraw" name="reason" rows="2">' in page  # optional
