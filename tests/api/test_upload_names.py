"""Uploads are stored under a generated name; the name a person gave is kept for display only."""

import re
import unicodedata

import pytest
from django.urls import reverse

from portal.models import PersonalDocument
from services.models import FilingDocument
from services.uploads import display_name, stored_name
from tests.api.conftest import client_for
from tests.builders import new_draft
from tests.factories import PDF

pytestmark = pytest.mark.django_db

NAMES = {
    "long-vietnamese": "đ" * 124 + ".pdf",
    "decomposed": unicodedata.normalize("NFD", "Giấy khai sinh.pdf"),
    "slash": "a/b.pdf",
    "backslash": "..\\..\\windows\\x.pdf",
    "dotdot": "../../../etc/passwd.pdf",
    "nul": "to\x00khai.pdf",
    "control": "to\r\nkhai\t.pdf",
    "thousand": "a" * 1000 + ".pdf",
    "thousand-vietnamese": "ư" * 1000 + ".pdf",
    "only-dots": "...",
    "dot-pdf": ".pdf",
    "empty-stem": " .pdf",
}
GENERATED = re.compile(r"^filings/[A-Za-z0-9-]+/[0-9a-f]{32}\.pdf$")


def _multipart(name, content=PDF):
    """A body built by hand, so the server sees the file name exactly as a client sent it."""
    boundary = "----portal-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("name", list(NAMES.values()), ids=list(NAMES))
def test_any_file_name_is_stored_under_a_generated_name_and_never_answers_500(world, name):
    draft = new_draft(world["procedure"], world["applicant"], attach=False)
    body, content_type = _multipart(name)
    answer = client_for(world["applicant"], "en").generic(
        "POST", f"/api/v1/filings/{draft.code}/documents/", body, content_type=content_type
    )
    assert answer.status_code in (201, 400), answer.content
    if answer.status_code == 400:  # no accepted extension, or a part header over Django's 1 KiB limit
        assert answer.json()["code"] in ("file_type", "parse_error")
        assert FilingDocument.objects.count() == 0
        return
    document = FilingDocument.objects.get()
    assert GENERATED.match(document.file.name), document.file.name
    shown = document.original_name
    assert shown and len(shown) <= 255 and shown == unicodedata.normalize("NFC", shown)
    assert not re.search(r"[/\\\x00-\x1f]", shown) and shown.endswith(".pdf")
    assert answer.json()["original_name"] == shown
    with document.file.open("rb") as stored:
        assert stored.read() == PDF


def test_the_long_vietnamese_name_is_kept_for_display(world):
    draft = new_draft(world["procedure"], world["applicant"], attach=False)
    body, content_type = _multipart(NAMES["long-vietnamese"])
    client_for(world["applicant"]).generic(
        "POST", f"/api/v1/filings/{draft.code}/documents/", body, content_type=content_type
    )
    assert FilingDocument.objects.get().original_name == NAMES["long-vietnamese"]


def test_the_page_upload_of_a_long_name_keeps_it_in_the_repository_under_a_generated_name(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = new_draft(world["procedure"], world["applicant"], attach=False)
    required = world["procedure"].required_documents.first()
    client.force_login(world["applicant"])
    upload = SimpleUploadedFile(NAMES["long-vietnamese"], PDF, content_type="application/pdf")
    answer = client.post(
        reverse("portal:edit_filing", args=[draft.code]), {f"file_{required.pk}": upload, "intent": "save"}
    )
    assert answer.status_code in (200, 302)
    kept = PersonalDocument.objects.get()
    assert kept.original_name == NAMES["long-vietnamese"]
    assert re.match(r"^personal/\d+/[0-9a-f]{32}\.pdf$", kept.file.name), kept.file.name
    download = client.get(reverse("portal:document", args=[draft.code, draft.documents.get().pk]))
    assert download.status_code == 200 and "filename*=utf-8''" in download["Content-Disposition"]


@pytest.mark.parametrize("name", list(NAMES.values()), ids=list(NAMES))
def test_the_name_shown_is_clean_and_fits_whatever_was_given(name):
    shown = display_name(name, 255)
    assert shown and len(shown) <= 255 and shown == unicodedata.normalize("NFC", shown)
    assert not re.search(r"[/\\\x00-\x1f]", shown) and shown.strip(".")
    assert re.match(r"^x/[0-9a-f]{32}(\.pdf)?$", stored_name("x", name))


def test_a_service_upload_with_a_path_in_its_name_stays_in_the_filings_folder(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from services import services

    draft = new_draft(world["procedure"], world["applicant"], attach=False)
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    upload._name = "../../../../tmp/evil\x00.pdf"  # past UploadedFile's own basename
    document = services.attach_document(filing=draft, actor=world["applicant"], uploaded_file=upload)
    assert GENERATED.match(document.file.name) and document.original_name == "evil .pdf"
