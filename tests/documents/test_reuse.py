"""A signed result lands in the citizen's repository and is attached to a later filing like any stored
document, its signature and stored hash checked again each time."""

import pytest
from django.urls import reverse

from documents.models import SignedDocument
from portal import services as portal_services
from services.constants import FilingStatus as S
from services.exceptions import InvalidInput
from services.models import FilingDocument
from tests.builders import new_draft

pytestmark = pytest.mark.django_db


def _reusable(world):
    filing = world.filing(S.RESULT_RETURNED)
    document = SignedDocument.objects.get(filing=filing, kind="result")
    return document, document.personal_document


def test_the_signed_result_is_kept_in_the_repository_once(world, client):
    document, personal = _reusable(world)
    assert personal.owner == world.applicant and personal.sha256 == document.sha256
    with personal.file.open("rb") as stored:
        assert stored.read() == bytes(document.pdf)
    client.force_login(world.applicant)
    page = client.get(reverse("portal:repository")).content.decode()
    assert reverse("documents:verify", args=[document.pk]) in page


def test_a_stored_result_is_attached_to_a_later_filing_through_the_form(world, client):
    document, personal = _reusable(world)
    draft = new_draft(world.procedure, world.applicant, attach=False)
    required = world.procedure.required_documents.get(mandatory=True)
    client.force_login(world.applicant)
    response = client.post(
        reverse("portal:edit_filing", args=[draft.code]),
        {f"reuse_{required.pk}": personal.pk, "intent": "save"},
    )
    assert response.status_code == 302
    attached = FilingDocument.objects.get(filing=draft)
    assert attached.sha256 == document.sha256 and attached.required_document == required


def test_a_tampered_stored_result_is_refused_with_a_bilingual_400(world, client):
    _document, personal = _reusable(world)
    with personal.file.open("rb") as stored:
        content = bytearray(stored.read())
    content[len(content) // 2] ^= 0x01
    with open(personal.file.path, "wb") as out:
        out.write(bytes(content))
    draft = new_draft(world.procedure, world.applicant, attach=False)
    with pytest.raises(InvalidInput) as refused:
        portal_services.attach_from_repository(
            filing=draft, actor=world.applicant, personal_document=personal
        )
    error = refused.value
    assert error.http_status == 400 and error.code == "signature_invalid"
    body = error.as_dict()
    assert "chữ ký số không còn hợp lệ" in body["message_vi"] and "no longer holds" in body["message_en"]
    assert not FilingDocument.objects.filter(filing=draft).exists()
    # the form shows the refusal and attaches nothing
    required = world.procedure.required_documents.get(mandatory=True)
    client.force_login(world.applicant)
    response = client.post(
        reverse("portal:edit_filing", args=[draft.code]),
        {f"reuse_{required.pk}": personal.pk, "intent": "save"},
        follow=True,
    )
    assert "chữ ký số không còn hợp lệ" in response.content.decode()
    assert not FilingDocument.objects.filter(filing=draft).exists()


def test_a_revoked_result_is_refused_when_reused(world):
    document, personal = _reusable(world)
    from documents.services import revoke

    revoke(document=document, actor=world.admin, reason="Cấp nhầm")
    draft = new_draft(world.procedure, world.applicant, attach=False)
    with pytest.raises(InvalidInput) as refused:
        portal_services.attach_from_repository(
            filing=draft, actor=world.applicant, personal_document=personal
        )
    assert refused.value.code == "revoked"
