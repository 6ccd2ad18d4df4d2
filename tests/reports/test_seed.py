"""The bulk seeding obeys the same rules as the state machine, and the article data sets give their figures."""

import datetime as dt

import pytest
from django.utils import timezone

from demo.seed import seed_province
from hotline import services as hotline
from hotline.models import HotlineFeedback
from payments import services as payments
from payments.models import Payment
from portal.reports.articles import ArticlePlan
from portal.reports.metrics import KEYS, Period, Scope, compute
from services import services
from services.calendar import WorkingCalendar
from services.constants import Role
from services.models import (
    Agency,
    ApologySlip,
    Filing,
    FilingEvent,
    Procedure,
    ProcedurePublication,
    ProcedureVersion,
    Province,
)
from services.roles import ensure_role_groups
from tests.factories import citizen, official
from tests.reports.conftest import at

TINY = ArticlePlan(
    slug="tinh-nho", code="001", name="Tỉnh nhỏ", start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31),
    full=4, partial=6, none=2, integrated_full=3, integrated_partial=2, eligible=6, fee_procedures=5,
    fee_full_with_filings=2, fee_partial_with_filings=2,
    filings={"partial_online": 15, "partial_counter": 10, "full_closed": 6, "free_online": 10, "free_counter": 5},
    hotline_received=10, hotline_answered=8, hotline_end=dt.date(2024, 3, 31),
)  # fmt: skip
WHO = {
    "submit": "applicant", "resubmit": "applicant", "withdraw": "applicant", "receive": "desk", "refuse": "desk",
    "request_supplement": "desk", "return_result": "desk", "start_review": "specialist", "propose": "specialist",
}  # fmt: skip


@pytest.fixture
def seeded(db):
    ensure_role_groups()
    seed_province(TINY)
    return Province.objects.get(slug=TINY.slug)


def _twin_catalog(province):
    """A second province with the same agencies, procedures and publications, and its own staff."""
    twin = Province.objects.create(slug="tinh-doi-chung", code="T2", name="Tỉnh đối chứng")
    agencies = {}
    for agency in Agency.objects.filter(province=province).order_by("pk"):
        agencies[agency.pk] = Agency.objects.create(
            province=twin, code=f"T2{agency.code}", name=agency.name, level=agency.level,
            parent=agencies.get(agency.parent_id),
        )  # fmt: skip
    procedures = {}
    for p in Procedure.objects.filter(province=province):
        old_pk = p.pk
        p.pk, p.province, p.agency = None, twin, agencies[p.agency_id]
        p.save()
        procedures[old_pk] = p
    # the same catalog history (the seed's dated changes), version for version
    ProcedureVersion.objects.filter(procedure__province=twin).delete()
    copies = []
    for v in ProcedureVersion.objects.filter(procedure__province=province):
        v.pk, v.procedure, v.agency = None, procedures[v.procedure_id], agencies[v.agency_id]
        copies.append(v)
    ProcedureVersion.objects.bulk_create(copies)
    for pub in ProcedurePublication.objects.filter(procedure__province=province):
        pub.pk, pub.procedure = None, procedures[pub.procedure_id]
        pub.save()
    staff = {
        a.pk: {r: official(role, a) for r, role in (("desk", Role.DESK), ("specialist", Role.SPECIALIST),
                                                    ("leader", Role.LEADER))}
        for a in agencies.values()
    }  # fmt: skip
    return twin, procedures, staff


def _replay(filing, procedure, staff, applicant):
    """Take the seeded filing's steps, payment and apology through the real services, at their times."""
    moments = [(e.at, 0, e) for e in filing.events.order_by("at", "pk")]
    moments += [(p.paid_at, 1, p) for p in filing.payments.all()]
    moments += [(s.issued_at, 2, s) for s in filing.apology_slips.all()]
    twin = None
    crew = staff[procedure.agency_id]
    for when, kind, item in sorted(moments, key=lambda m: (m[0], m[1])):
        with at(when):
            if kind == 1:
                payments.record_counter_payment(filing=twin, actor=crew["desk"], receipt_number="BL-T")
            elif kind == 2:
                services.issue_apology_slip(filing=twin, actor=crew["leader"], new_due_date=item.new_due_date,
                                            reason=item.reason)  # fmt: skip
            else:
                if item.action == "submit":
                    online = filing.channel == "online"
                    # online, the applicant is the replaying citizen (name and ID from the account)
                    identity = (
                        {}
                        if online
                        else {
                            "applicant_name": filing.applicant_name,
                            "applicant_personal_id": filing.applicant_personal_id,
                        }
                    )
                    twin = services.create_filing(
                        procedure=procedure, actor=applicant if online else crew["desk"], channel=filing.channel,
                        **identity,
                    )  # fmt: skip
                actors = {**crew, "applicant": applicant if twin.applicant_id else crew["desk"]}
                kwargs = {"reason": item.reason} if item.reason else {}
                if item.action == "propose":
                    kwargs["proposal"] = filing.proposal
                twin = services.TRANSITIONS[item.action](
                    filing=twin, actor=actors[WHO.get(item.action, "leader")], **kwargs
                )
    return twin


def test_bulk_seed_yields_the_same_metrics_as_the_state_machine_for_the_same_data(seeded, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = False
    twin, procedures, staff = _twin_catalog(seeded)
    applicant = citizen(42)
    for filing in Filing.objects.filter(agency__province=seeded).order_by("pk"):
        copy = _replay(filing, procedures[filing.procedure_id], staff, applicant)
        # the same state, due date and classification as the seeding wrote
        assert (copy.status, copy.due_date, copy.timeliness, copy.decided_at) == (
            filing.status, filing.due_date, filing.timeliness, filing.decided_at
        ), filing.code  # fmt: skip
        assert copy.events.count() == filing.events.count()
    officer = official(Role.DESK, Agency.objects.filter(province=twin).first())
    for item in HotlineFeedback.objects.filter(province=seeded):
        copy = hotline.record_feedback(province=twin, caller_name=item.caller_name, subject=item.subject,
                                       at=item.received_at)  # fmt: skip
        if item.answered_at:
            with at(item.answered_at):
                hotline.answer_feedback(item=copy, actor=officer, answer=item.answer)
    period = Period(TINY.start, TINY.end)
    bulk, real = compute(Scope.for_province(seeded), period), compute(Scope.for_province(twin), period)
    assert {k: bulk[k] for k in KEYS} == {k: real[k] for k in KEYS}
    assert bulk["resolved_total"] > 0 and bulk["fee_filings_total"] > 0


def test_seeded_filings_follow_the_one_stop_rules(seeded):
    calendar = WorkingCalendar()
    filings = Filing.objects.filter(agency__province=seeded).select_related("procedure")
    assert filings.filter(channel="online", procedure__online_level="none").count() == 0
    for f in filings.exclude(received_at=None):
        assert f.due_date == calendar.add_working_days(
            timezone.localdate(f.received_at), f.procedure.processing_days
        )
    assert not Payment.objects.filter(filing__agency__province=seeded, channel="counter",
                                      filing__procedure__online_level="full").exists()  # fmt: skip
    late = filings.filter(timeliness="late")
    assert ApologySlip.objects.filter(filing__in=late).count() == late.count()
    assert FilingEvent.objects.filter(filing__agency__province=seeded, action="request_supplement").exists()


def test_seeding_again_adds_nothing(seeded):
    counts = Filing.objects.count(), FilingEvent.objects.count(), Payment.objects.count()
    assert seed_province(TINY) is False
    assert (Filing.objects.count(), FilingEvent.objects.count(), Payment.objects.count()) == counts
