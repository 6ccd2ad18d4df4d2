"""How each document came to be digital, when a filing was digitised, and the electronic result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal import services as portal_services
from services import services
from services.constants import DocumentOrigin, OnlineLevel
from services.constants import FilingStatus as S
from services.models import Filing, FilingDocument
from tests.builders import new_draft
from tests.factories import ProcedureFactory, pdf

pytestmark = pytest.mark.django_db


def test_a_citizens_upload_is_uploaded_and_the_filing_digitised_with_its_last_mandatory_document(world):
    draft = new_draft(world.procedure, world.applicant, attach=False)
    optional = world.procedure.required_documents.get(mandatory=False)
    mandatory = world.procedure.required_documents.get(mandatory=True)
    services.attach_document(
        filing=draft, actor=world.applicant, uploaded_file=pdf(), required_document=optional
    )
    assert Filing.objects.get(pk=draft.pk).digitised_at is None
    document = services.attach_document(
        filing=draft, actor=world.applicant, uploaded_file=pdf(), required_document=mandatory
    )
    assert document.origin == DocumentOrigin.UPLOADED and document.scanned_by is None
    assert Filing.objects.get(pk=draft.pk).digitised_at == document.uploaded_at


def test_the_intake_page_asks_for_the_scans_and_records_who_scanned_them_and_when(world):
    client = world.client("desk")
    form = client.get(reverse("portal:intake"), {"procedure": world.procedure.pk}).content.decode()
    mandatory = world.procedure.required_documents.get(mandatory=True)
    optional = world.procedure.required_documents.get(mandatory=False)
    assert f'name="scan_{mandatory.pk}" type="file" accept=".pdf,.jpg,.jpeg,.png" required' in form
    assert f'name="scan_{optional.pk}" type="file" accept=".pdf,.jpg,.jpeg,.png">' in form
    answer = client.post(
        reverse("portal:intake"),
        {
            "procedure": world.procedure.pk,
            "applicant_name": "Lê Văn Tư",
            "applicant_personal_id": "086090000777",
            f"scan_{mandatory.pk}": pdf("ban-quet.pdf"),
        },
    )
    filing = Filing.objects.get(applicant_personal_id="086090000777")
    assert answer.status_code == 302 and filing.channel == "counter"
    scan = FilingDocument.objects.get(filing=filing)
    assert (scan.origin, scan.scanned_by, scan.required_document) == (
        DocumentOrigin.SCANNED,
        world.desk,
        mandatory,
    )
    assert scan.scanned_at is not None and filing.digitised_at == scan.scanned_at
    services.submit_filing(filing=filing, actor=world.desk)  # its mandatory scan is there


def test_a_bad_scan_at_intake_leaves_no_filing_behind(world):
    mandatory = world.procedure.required_documents.get(mandatory=True)
    answer = world.client("desk").post(
        reverse("portal:intake"),
        {
            "procedure": world.procedure.pk,
            "applicant_name": "Lê Văn Tư",
            "applicant_personal_id": "086090000777",
            f"scan_{mandatory.pk}": SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf"),
        },
    )
    assert answer.status_code == 400
    assert not Filing.objects.exists() and not FilingDocument.objects.exists()


def test_a_document_reused_from_the_repository_is_recorded_as_reused(world):
    first = world.filing(S.SUBMITTED)
    kept = portal_services.keep_in_repository(
        owner=world.applicant, document=first.documents.first(), title="Tờ khai"
    )
    draft = new_draft(world.procedure, world.applicant, attach=False)
    reused = portal_services.attach_from_repository(
        filing=draft,
        actor=world.applicant,
        personal_document=kept,
        required_document=world.procedure.required_documents.get(mandatory=True),
    )
    assert reused.origin == DocumentOrigin.REUSED and reused.scanned_at is None
    assert Filing.objects.get(pk=draft.pk).digitised_at is not None


def test_a_signed_full_process_result_is_electronic_a_partial_ones_paper_is_not(world):
    assert world.filing(S.APPROVED).result_electronic is False
    full = world.filing(S.RESULT_RETURNED)
    assert Filing.objects.get(pk=full.pk).result_electronic is True
    partial = ProcedureFactory(agency=world.agency, online_level=OnlineLevel.PARTIAL)
    assert Filing.objects.get(pk=world.filing(S.RESULT_RETURNED, partial).pk).result_electronic is False


def test_a_filing_forwarded_by_the_gateway_is_digitised_on_arrival(world):
    filing, created = services.receive_national_filing(
        national_id="G-1",
        procedure=world.procedure,
        applicant_name="Lê C",
        applicant_personal_id="001099000321",
    )
    assert created and Filing.objects.get(pk=filing.pk).digitised_at is not None
