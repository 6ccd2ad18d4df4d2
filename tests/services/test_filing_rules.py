"""Rules around the state machine: documents, identity, visibility, history, apology slips."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from services import selectors, services
from services.constants import Channel, OnlineLevel, Role, Timeliness
from services.constants import FilingStatus as S
from services.exceptions import ConditionNotMet, InvalidInput, NotPermitted, StateConflict
from services.models import ApologySlip, Filing, FilingEvent
from tests.builders import drive, new_draft
from tests.factories import PDF, AgencyFactory, ProcedureFactory, citizen, official, pdf


@pytest.fixture
def world(db):
    agency = AgencyFactory()
    other = AgencyFactory(province=agency.province)
    return {
        "agency": agency,
        "procedure": ProcedureFactory(agency=agency),
        "applicant": citizen(1),
        "other_citizen": citizen(2),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
        "other_desk": official(Role.DESK, other),
        "admin": official(Role.ADMIN, None),
    }


def test_submit_needs_every_mandatory_document(world):
    filing = new_draft(world["procedure"], world["applicant"], attach=False)
    with pytest.raises(ConditionNotMet) as err:
        services.submit_filing(filing=filing, actor=world["applicant"])
    assert "mandatory documents" in err.value.as_dict()["message_en"]
    optional = world["procedure"].required_documents.get(mandatory=False)
    services.attach_document(
        filing=filing, actor=world["applicant"], uploaded_file=pdf(), required_document=optional
    )
    with pytest.raises(ConditionNotMet):
        services.submit_filing(filing=filing, actor=world["applicant"])
    mandatory = world["procedure"].required_documents.get(mandatory=True)
    services.attach_document(
        filing=filing, actor=world["applicant"], uploaded_file=pdf(), required_document=mandatory
    )
    assert services.submit_filing(filing=filing, actor=world["applicant"]).status == S.SUBMITTED


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "file_type"),
        ("fake.pdf", b"GIF89a....", "file_type"),
        ("empty.pdf", b"", "file_empty"),
        ("photo.png", b"\xff\xd8\xffJPEG", "file_type"),
    ],
)
def test_attach_refuses_files_of_the_wrong_type_or_empty(world, name, content, code):
    filing = new_draft(world["procedure"], world["applicant"], attach=False)
    with pytest.raises(InvalidInput) as err:
        services.attach_document(
            filing=filing, actor=world["applicant"], uploaded_file=SimpleUploadedFile(name, content)
        )
    assert err.value.code == code
    assert filing.documents.count() == 0


def test_attach_refuses_a_file_over_the_size_limit(world, settings):
    settings.FILING_UPLOAD_MAX_BYTES = len(PDF) - 1
    filing = new_draft(world["procedure"], world["applicant"], attach=False)
    with pytest.raises(InvalidInput) as err:
        services.attach_document(filing=filing, actor=world["applicant"], uploaded_file=pdf())
    assert err.value.code == "file_size"


def test_attached_documents_record_size_and_checksum(world):
    filing = new_draft(world["procedure"], world["applicant"], attach=False)
    doc = services.attach_document(filing=filing, actor=world["applicant"], uploaded_file=pdf("to-khai.pdf"))
    assert (doc.size, doc.original_name, len(doc.sha256)) == (len(PDF), "to-khai.pdf", 64)


def test_only_the_applicant_attaches_and_only_to_a_draft_or_a_supplement(world):
    filing = new_draft(world["procedure"], world["applicant"])
    with pytest.raises(NotPermitted):
        services.attach_document(filing=filing, actor=world["other_citizen"], uploaded_file=pdf())
    filing = drive(filing, S.RECEIVED, world)
    with pytest.raises(StateConflict):
        services.attach_document(filing=filing, actor=world["applicant"], uploaded_file=pdf())


@pytest.mark.parametrize("personal_id", ["12345678901", "1234567890123", "08609000012a", "999090000123", ""])
def test_a_filing_needs_a_valid_12_digit_personal_id(world, personal_id):
    with pytest.raises(InvalidInput) as err:
        services.create_filing(
            procedure=world["procedure"],
            actor=world["applicant"],
            applicant_name="Nguyễn Văn An",
            applicant_personal_id=personal_id,
        )
    assert err.value.field == "applicant_personal_id"
    assert Filing.objects.count() == 0


def test_a_procedure_not_offered_online_cannot_be_filed_online_but_can_at_the_desk(world):
    procedure = ProcedureFactory(agency=world["agency"], online_level=OnlineLevel.NONE)
    args = {
        "procedure": procedure,
        "applicant_name": "Trần Thị Bình",
        "applicant_personal_id": "086195000456",
    }
    with pytest.raises(InvalidInput):
        services.create_filing(actor=world["applicant"], **args)
    filing = services.create_filing(actor=world["desk"], channel=Channel.COUNTER, **args)
    assert filing.applicant is None and filing.channel == Channel.COUNTER
    with pytest.raises(NotPermitted):
        services.create_filing(actor=world["other_desk"], channel=Channel.COUNTER, **args)


def test_the_desk_acts_for_a_walk_in_applicant_without_an_account(world):
    filing = services.create_filing(
        procedure=world["procedure"],
        actor=world["desk"],
        channel=Channel.COUNTER,
        applicant_name="Trần Thị Bình",
        applicant_personal_id="086195000456",
    )
    doc = world["procedure"].required_documents.get(mandatory=True)
    services.attach_document(filing=filing, actor=world["desk"], uploaded_file=pdf(), required_document=doc)
    filing = services.submit_filing(filing=filing, actor=world["desk"])
    assert services.receive_filing(filing=filing, actor=world["desk"]).status == S.RECEIVED


def test_a_citizen_sees_only_their_filings_and_an_official_only_their_agencys(world):
    mine = new_draft(world["procedure"], world["applicant"])
    other_procedure = ProcedureFactory(agency=world["other_desk"].agency)
    theirs = new_draft(other_procedure, world["other_citizen"])
    assert list(selectors.visible_filings(world["applicant"])) == [mine]
    assert list(selectors.visible_filings(world["desk"])) == [mine]
    assert list(selectors.visible_filings(world["other_desk"])) == [theirs]
    assert list(selectors.visible_filings(world["admin"])) == []  # an admin with no agency: no province
    province_admin = official(Role.ADMIN, world["agency"])
    assert set(selectors.visible_filings(province_admin)) == {mine, theirs}  # both of the province
    elsewhere = official(Role.ADMIN, AgencyFactory())
    assert list(selectors.visible_filings(elsewhere)) == []
    root = official(Role.ADMIN, None, is_superuser=True)
    assert set(selectors.visible_filings(root)) == {mine, theirs}


def test_queues_hold_each_roles_work_oldest_deadline_first(world):
    a = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    b = drive(new_draft(world["procedure"], world["applicant"]), S.RECEIVED, world)
    Filing.objects.filter(pk=a.pk).update(due_date=dt.date(2030, 1, 10))
    Filing.objects.filter(pk=b.pk).update(due_date=dt.date(2030, 1, 5))
    waiting = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    assert list(selectors.official_queue(world["specialist"])) == [b, a]
    assert list(selectors.official_queue(world["desk"])) == [waiting]
    assert list(selectors.official_queue(world["other_desk"])) == []


def test_the_history_cannot_be_edited_or_deleted(world):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    event = FilingEvent.objects.get(filing=filing)
    event.reason = "sửa lịch sử"
    with pytest.raises(InvalidInput):
        event.save()
    with pytest.raises(InvalidInput):
        event.delete()
    assert FilingEvent.objects.get(pk=event.pk).reason == ""


def test_status_cannot_be_set_outside_a_transition(world):
    filing = new_draft(world["procedure"], world["applicant"])
    with pytest.raises(AttributeError):
        filing.status = S.APPROVED


@pytest.mark.parametrize("step", ["refuse", "request_supplement"])
def test_refusal_and_supplement_need_a_reason(world, step):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    with pytest.raises(InvalidInput) as err:
        services.TRANSITIONS[step](filing=filing, actor=world["desk"], reason="  ")
    assert err.value.field == "reason"
    filing.refresh_from_db()
    assert filing.status == S.SUBMITTED


def test_the_result_of_a_fee_procedure_waits_for_the_fee(world):
    procedure = ProcedureFactory(agency=world["agency"], fee=100_000)
    filing = drive(new_draft(procedure, world["applicant"]), S.APPROVED, world)
    with pytest.raises(ConditionNotMet) as err:
        services.return_result(filing=filing, actor=world["desk"])
    assert "fee" in err.value.as_dict()["message_en"]
    assert services.mark_fee_settled(filing=filing, at=timezone.now())
    assert not services.mark_fee_settled(filing=filing, at=timezone.now()), "settled once"
    assert services.return_result(filing=filing, actor=world["desk"]).status == S.RESULT_RETURNED


def test_an_apology_slip_is_owed_only_to_a_late_filing_and_names_its_issuer(world):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.IN_REVIEW, world)
    later = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(StateConflict):
        services.issue_apology_slip(filing=filing, actor=world["desk"], new_due_date=later, reason="Chậm")
    Filing.objects.filter(pk=filing.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(NotPermitted):
        services.issue_apology_slip(
            filing=filing, actor=world["other_desk"], new_due_date=later, reason="Chậm"
        )
    with pytest.raises(InvalidInput):
        services.issue_apology_slip(
            filing=filing, actor=world["desk"], new_due_date=timezone.localdate(), reason="x"
        )
    slip = services.issue_apology_slip(
        filing=filing, actor=world["leader"], new_due_date=later, reason="Chờ xác minh"
    )
    assert (slip.issued_by, slip.new_due_date) == (world["leader"], later)
    assert ApologySlip.objects.filter(filing=filing).count() == 1


def test_a_decided_late_filing_can_get_an_apology_slip(world):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.APPROVED, world)
    Filing.objects.filter(pk=filing.pk).update(timeliness=Timeliness.LATE)
    later = filing.due_date + dt.timedelta(days=3)
    slip = services.issue_apology_slip(filing=filing, actor=world["desk"], new_due_date=later, reason="Chậm")
    assert slip.filing_id == filing.pk
