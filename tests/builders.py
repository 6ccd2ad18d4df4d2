"""Reach any filing state through the real services, as people would."""

from services import services
from services.constants import FilingStatus as S
from services.constants import Proposal, Role
from tests.factories import citizen, official, pdf

# The path from a fresh draft to each state: (step, actor key, extra arguments).
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", "applicant", {})],
    S.SUPPLEMENT_REQUESTED: [
        ("submit", "applicant", {}),
        ("request_supplement", "desk", {"reason": "Thiếu tờ khai"}),
    ],
    S.RECEIVED: [("submit", "applicant", {}), ("receive", "desk", {})],
    S.REFUSED: [("submit", "applicant", {}), ("refuse", "desk", {"reason": "Không thuộc thẩm quyền"})],
    S.WITHDRAWN: [("submit", "applicant", {}), ("withdraw", "applicant", {})],
}
PATHS[S.IN_REVIEW] = [*PATHS[S.RECEIVED], ("start_review", "specialist", {})]
PATHS[S.AWAITING_APPROVAL] = [*PATHS[S.IN_REVIEW], ("propose", "specialist", {"proposal": Proposal.APPROVE})]
PATHS[S.APPROVED] = [*PATHS[S.AWAITING_APPROVAL], ("approve", "leader", {})]
PATHS[S.REJECTED] = [*PATHS[S.AWAITING_APPROVAL], ("reject", "leader", {"reason": "Không đủ điều kiện"})]
PATHS[S.RESULT_RETURNED] = [*PATHS[S.APPROVED], ("return_result", "desk", {})]


def new_draft(procedure, applicant, *, attach=True):
    filing = services.create_filing(
        procedure=procedure,
        actor=applicant,
        applicant_name=applicant.get_full_name() or applicant.username,
        applicant_personal_id=applicant.personal_id,
    )
    if attach:
        for doc in procedure.required_documents.filter(mandatory=True):
            services.attach_document(
                filing=filing, actor=applicant, uploaded_file=pdf(), required_document=doc
            )
    return filing


def drive(filing, state, actors):
    """Walk ``filing`` (a draft) to ``state``; ``actors`` maps applicant/desk/specialist/leader to users."""
    for step, who, kwargs in PATHS[state]:
        filing = services.TRANSITIONS[step](filing=filing, actor=actors[who], **kwargs)
    assert filing.status == state
    return filing


OFFICIAL_KEYS = ("desk", "specialist", "leader")
# Everyone a rule can name: the applicant, another citizen, the officials of the filing's agency and of
# another agency ("other_desk", ...), and an admin.
CAST = ("applicant", "other_citizen", *OFFICIAL_KEYS, *(f"other_{k}" for k in OFFICIAL_KEYS), "admin")


def cast(agency, other_agency):
    """The people of :data:`CAST`, created: ``{"applicant": <User>, "desk": <User>, ...}``."""
    roles = dict(zip(OFFICIAL_KEYS, (Role.DESK, Role.SPECIALIST, Role.LEADER), strict=True))
    people = {"applicant": citizen(1), "other_citizen": citizen(2)}
    for prefix, where in (("", agency), ("other_", other_agency)):
        for key, role in roles.items():
            people[f"{prefix}{key}"] = official(role, where)
    people["admin"] = official(Role.ADMIN, None, is_superuser=True, is_staff=True)
    return people


def restore_index_weights():
    """Put back the service index's weights (data migration serviceindex 0002): a live-server or
    transactional test empties every table after it, those rows too, and the index without weights has no
    indicator to show."""
    import importlib

    from django.apps import apps

    importlib.import_module("serviceindex.migrations.0002_seed_decision_766").seed(apps, None)
