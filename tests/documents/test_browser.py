"""In a real browser (Debian's chromium): the citizen downloads the signed result, opens the verify page at
the address its QR code carries, checks the downloaded file by upload, and reuses the result in a new filing."""

import io

import pytest
from pypdf import PdfReader

from documents.models import SignedDocument
from documents.services import verify_url
from services.constants import FilingStatus as S
from services.models import FilingDocument
from tests.builders import new_draft
from tests.portal.test_browser import PASSWORD, Accessibility, chromium, shot, sign_in, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_downloads_verifies_and_reuses_the_signed_result(chromium, site, world, tmp_path):  # noqa: F811
    filing = world.filing(S.RESULT_RETURNED)  # the desk's return_result signed it
    document = SignedDocument.objects.get(filing=filing, kind="result")
    world.applicant.set_password(PASSWORD)
    world.applicant.save()
    axe = Accessibility()

    citizen = sign_in(chromium, site, world.applicant, lands="/my/filings/")
    citizen.goto(f"{site}/filings/{filing.code}/")
    with citizen.expect_download() as download:
        citizen.click("#download-result")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert content == bytes(document.pdf)

    # the address printed under the QR code (and encoded in it: tests/documents/test_signed_documents.py)
    text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    address = verify_url(document.pk)
    assert address.startswith(site) and address in text
    anonymous = chromium.new_context().new_page()
    anonymous.goto(address)
    verdict = anonymous.locator("#verify-verdict")
    assert verdict.get_attribute("data-valid") == "true" and verdict.get_attribute("data-revoked") == "false"
    assert anonymous.locator("#verify-filing").inner_text() == filing.code
    assert world.applicant.personal_id not in anonymous.content()
    axe.check(anonymous, "verify")
    shot(anonymous, "verify-page")

    # anyone checks the downloaded file by upload
    anonymous.goto(f"{site}/verify/")
    anonymous.set_input_files("#verify-file", str(saved))
    anonymous.click("#verify-submit")
    assert anonymous.locator("#verify-verdict").get_attribute("data-valid") == "true"
    axe.check(anonymous, "verify-upload")
    shot(anonymous, "verify-upload")

    # the result is in the repository, and is attached to a new filing without uploading it again
    citizen.goto(f"{site}/my/documents/")
    assert citizen.locator(f"a[href='/verify/{document.pk}/']").count() == 1
    draft = new_draft(world.procedure, world.applicant, attach=False)
    required = world.procedure.required_documents.get(mandatory=True)
    citizen.goto(f"{site}/filings/{draft.code}/edit/")
    citizen.select_option(f"#reuse_{required.pk}", str(document.personal_document_id))
    citizen.click("button[name=intent][value=save]")
    citizen.wait_for_url(f"{site}/filings/{draft.code}/edit/")
    attached = FilingDocument.objects.get(filing=draft, required_document=required)
    assert attached.sha256 == document.sha256
    citizen.goto(f"{site}/my/notifications/")
    axe.check(citizen, "notification-preferences")
    assert axe.found == {}
