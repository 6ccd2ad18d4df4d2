"""A page offers exactly what the services accept: in every state, for everyone a rule can name.

For each filing state, in a few worlds (fee or none, full-process / partial / desk-only procedures, an
online filing or a walk-in, on time or late, fee unpaid or paid at the desk), the filing page and the
API's ``available_actions`` are read as each person of the cast; then every step, the online and the
counter payment, the apology slip and a document upload are actually tried through the real services, each
in a savepoint rolled back. What was offered must be what was accepted.

Online payment talks to the Payment Platform over HTTP; here the platform's address is a closed port, so an
accepted payment gets as far as the platform and answers ``platform_unavailable``: past every rule.
"""

import datetime as dt
import socket

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from payments import services as payments
from payments.constants import CounterMethod
from services import services
from services.constants import FilingStatus as S
from services.constants import OnlineLevel, Proposal
from services.exceptions import DomainError
from services.models import Filing
from services.steps import STEPS
from tests.builders import CAST, PATHS, cast
from tests.factories import AgencyFactory, ProcedureFactory, pdf

FEE = 100_000
ARGUMENTS = {
    "request_supplement": {"reason": "Thiếu bản sao CCCD"},
    "refuse": {"reason": "Không thuộc thẩm quyền"},
    "propose": {"proposal": Proposal.APPROVE},
    "reject": {"reason": "Không đủ điều kiện"},
    "send_back": {"reason": "Thẩm định lại"},
    "withdraw": {"reason": ""},
}
# (procedure's online level, fee, walk-in at the desk, late, fee paid at the desk after submission)
WORLDS = {
    "online-full-fee": (OnlineLevel.FULL, FEE, False, False, False),
    "online-partial-fee-late": (OnlineLevel.PARTIAL, FEE, False, True, False),
    "online-partial-paid-at-desk": (OnlineLevel.PARTIAL, FEE, False, False, True),
    "walk-in-desk-only-fee-late": (OnlineLevel.NONE, FEE, True, True, False),
    "walk-in-full-no-fee": (OnlineLevel.FULL, 0, True, False, False),
}
OFFERS = ("edit", "pay", "counter", "apology")
PAGE_IDS = {"edit": "edit-filing", "pay": "pay", "counter": "counter-pay", "apology": "issue-apology"}


@pytest.fixture
def closed_platform(settings):
    """The Payment Platform's address is a port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.PAYMENT_PLATFORM_URL = f"http://127.0.0.1:{port}/"
    settings.PAYMENT_HTTP_TIMEOUT = 2


def build(people, state, level, fee, walk_in, late, paid):
    """A filing in ``state``, walked there through the real services."""
    procedure = ProcedureFactory(agency=people["desk"].agency, online_level=level, fee=fee)
    actors = dict(people)
    if walk_in:
        actors["applicant"] = people["desk"]
        filing = services.create_filing(
            procedure=procedure,
            actor=people["desk"],
            applicant_name="Trần Thị Bình",
            applicant_personal_id="086090099999",
            channel="counter",
        )
    else:
        filing = services.create_filing(
            procedure=procedure,
            actor=people["applicant"],  # the applicant is the signed-in account (name and personal ID)
        )
    for doc in procedure.required_documents.filter(mandatory=True):
        services.attach_document(
            filing=filing, actor=actors["applicant"], uploaded_file=pdf(), required_document=doc
        )
    for step, who, kwargs in PATHS[state]:
        if step == "return_result" and filing.fee_settled_at is None:
            services.mark_fee_settled(filing=filing, at=timezone.now())  # as the payments app does
        filing = services.TRANSITIONS[step](filing=filing, actor=actors[who], **kwargs)
        if step == "submit" and paid:
            payments.record_counter_payment(filing=filing, actor=people["desk"], receipt_number="BL-1")
        if step == "receive" and late:
            Filing.objects.filter(pk=filing.pk).update(due_date=timezone.localdate() - dt.timedelta(days=10))
    assert filing.status == state
    return filing


def _fresh(filing):
    return Filing.objects.select_related("procedure", "agency").get(pk=filing.pk)


def _try(action):
    """Run ``action`` in a savepoint that is rolled back; True when the service accepted it."""
    try:
        with transaction.atomic():
            action()
            transaction.set_rollback(True)
    except DomainError as exc:
        return exc.code == "platform_unavailable"  # the rules let it through to the platform
    return True


def accepted_by_services(filing, user):
    """Everything ``user`` could do to ``filing`` now, found by doing it (and undoing it)."""
    accepted = {
        name
        for name in STEPS
        if _try(
            lambda name=name: services.TRANSITIONS[name](
                filing=_fresh(filing), actor=user, **ARGUMENTS.get(name, {})
            )
        )
    }
    later = max(timezone.localdate(), filing.due_date or timezone.localdate()) + dt.timedelta(days=30)
    trials = {
        "pay": lambda: payments.start_online_payment(filing=_fresh(filing), actor=user),
        "counter": lambda: payments.record_counter_payment(
            filing=_fresh(filing), actor=user, receipt_number="BL-2", method=CounterMethod.CASH
        ),
        "apology": lambda: services.issue_apology_slip(
            filing=_fresh(filing), actor=user, new_due_date=later, reason="Chậm do xác minh"
        ),
        "edit": lambda: services.attach_document(filing=_fresh(filing), actor=user, uploaded_file=pdf()),
    }
    accepted |= {name for name, trial in trials.items() if _try(trial)}
    return accepted


def offered_on_page(client, filing):
    page = client.get(reverse("portal:filing", args=[filing.code]))
    if page.status_code == 404:  # a filing the viewer may not see offers nothing
        return set()
    assert page.status_code == 200
    html = page.content.decode()
    offered = {name for name in STEPS if f'id="step-{name}"' in html}
    return offered | {offer for offer in OFFERS if f'id="{PAGE_IDS[offer]}"' in html}


def forms_on_payment_pages(client, filing):
    """The payment pages' own forms: the online payment's button, the desk's receipt form."""
    forms = set()
    for offer, url, form in (
        ("pay", "payments:start", "pay-form"),
        ("counter", "payments:counter", "counter-form"),
    ):
        page = client.get(reverse(url, args=[filing.code]))
        if page.status_code == 200 and f'id="{form}"' in page.content.decode():
            forms.add(offer)
    return forms


def offered_by_api(client, filing):
    answer = client.get(f"/api/v1/filings/{filing.code}/")
    if answer.status_code == 404:
        return set()
    actions = answer.json()["available_actions"]
    flags = {"pay": "pay_online", "counter": "counter_payment", "apology": "apology_slip"}
    return set(actions["steps"]) | {offer for offer, key in flags.items() if actions[key]}


@pytest.mark.parametrize("world", list(WORLDS))
@pytest.mark.parametrize("state", S.values)
def test_the_filing_page_and_the_api_offer_exactly_what_the_services_accept(
    db, client, closed_platform, world, state
):
    agency = AgencyFactory()
    people = cast(agency, AgencyFactory(province=agency.province))
    filing = build(people, state, *WORLDS[world])
    on_form = {name for name, step in STEPS.items() if step.on_filing_form}
    for who in CAST:
        user = people[who]
        client.force_login(user)
        page = offered_on_page(client, filing)
        api = offered_by_api(client, filing)
        accepted = accepted_by_services(filing, user)
        where = f"{world}, {state}, as {who}"
        # submit and resubmit are taken on the filing form, which the "edit" link opens.
        assert page == accepted - on_form, where
        assert not (accepted & on_form) or "edit" in page, where
        assert api == accepted - {"edit"}, where
        assert forms_on_payment_pages(client, filing) == accepted & {"pay", "counter"}, where
        assert _fresh(filing).status == state, "every attempt was rolled back"


# --- the two defects the issue reported, each reproduced first -------------------------------------------
@pytest.fixture
def people(db):
    agency = AgencyFactory()
    return cast(agency, AgencyFactory(province=agency.province))


def test_the_page_does_not_offer_pay_on_a_refused_filing_which_the_payment_service_refuses(
    client, people, closed_platform
):
    filing = build(people, S.REFUSED, OnlineLevel.FULL, FEE, False, False, False)
    client.force_login(people["applicant"])
    assert "pay" not in offered_on_page(client, filing)
    with pytest.raises(DomainError) as refused:
        payments.start_online_payment(filing=filing, actor=people["applicant"])
    assert refused.value.code == "not_payable"


def test_the_page_offers_the_apology_slip_for_a_late_returned_filing_which_the_service_accepts(
    client, people
):
    filing = build(people, S.RESULT_RETURNED, OnlineLevel.PARTIAL, 0, False, True, False)
    assert filing.timeliness == "late"
    client.force_login(people["desk"])
    assert "apology" in offered_on_page(client, filing)
    later = timezone.localdate() + dt.timedelta(days=5)
    slip = services.issue_apology_slip(filing=filing, actor=people["desk"], new_due_date=later, reason="Chậm")
    assert slip.filing_id == filing.pk
