"""Issuing, revoking and verifying signed documents: the one place each rule lives.

* The result is rendered and signed inside the ``return_result`` step's transaction
  (:func:`issue_result`, called by ``services.services``): no key, no step (409, nothing changed).
* The receipt and apology slips are signed on their first download (:func:`receipt_document`,
  :func:`apology_document`): those steps happen at the desk, and a slip is only needed as a PDF when
  someone asks for it. Either way each document is signed once and then served as stored.
"""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import pdf as pdfs
from documents.models import SignedDocument
from documents.signing import check_signature, claimed_subject, sign_pdf
from portal.models import PersonalDocument
from services import access
from services.constants import FilingStatus, OnlineLevel
from services.exceptions import InvalidInput, NotPermitted, StateConflict

Kind = SignedDocument.Kind
TEMPLATES = {
    Kind.RESULT: "documents/pdf/result.html",
    Kind.RECEIPT: "documents/pdf/receipt.html",
    Kind.APOLOGY: "documents/pdf/apology.html",
}
REASONS = {
    Kind.RESULT: "Ket qua giai quyet thu tuc hanh chinh",
    Kind.RECEIPT: "Giay tiep nhan ho so va hen tra ket qua",
    Kind.APOLOGY: "Phieu xin loi va hen lai ngay tra ket qua",
}
_ID_IN_PDF = re.compile(r"^verify:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def verify_url(document_id):
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[document_id])


def _place(province):
    name = province.name
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _number(filing, kind, slip=None):
    suffix = {Kind.RESULT: "KQ", Kind.RECEIPT: "TNHS", Kind.APOLOGY: "XL"}[kind]
    base = filing.receipt_number or filing.code
    if slip is not None:
        return f"{base}-{slip.pk}/{suffix}"
    return f"{base}/{suffix}"


def _render_and_sign(filing, kind, *, signer_name, slip=None, documents=()):
    """A new signed document for ``filing`` (not saved): the PDF carries its own verification address."""
    agency = filing.agency
    document_id = uuid.uuid4()
    url = verify_url(document_id)
    at = timezone.localtime()
    number = _number(filing, kind, slip)
    context = {
        "document_id": document_id,
        "number": number,
        "filing": filing,
        "agency": agency,
        "slip": slip,
        "documents": documents,
        "verify_url": url,
        "lookup_url": settings.SITE_URL.rstrip("/") + reverse("portal:lookup"),
        "qr": pdfs.qr_data_uri(url),
        "place": _place(agency.province),
        "day": f"{at:%d}",
        "month": f"{at:%m}",
        "year": f"{at:%Y}",
        "signed_at": at,
        "signer_name": signer_name,
        "certificate_holder": agency.name,
    }
    rendered = pdfs.render_pdf(TEMPLATES[kind], context)
    signed, subject = sign_pdf(rendered, agency=agency, signer_name=signer_name, reason=REASONS[kind])
    return SignedDocument(
        id=document_id,
        kind=kind,
        filing=filing,
        apology_slip=slip,
        number=number,
        pdf=signed,
        sha256=hashlib.sha256(signed).hexdigest(),
        size=len(signed),
        agency_name=agency.name,
        certificate_subject=subject[:300],
        signed_by_name=signer_name[:200],
        signed_at=at,
    )


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


def issue_result(*, filing, actor):
    """Sign the electronic result of a full-process filing as the desk returns it (inside the step's
    transaction) and keep it in the applicant's repository; other levels return a paper result: None."""
    if filing.procedure.online_level != OnlineLevel.FULL:
        return None
    existing = SignedDocument.objects.filter(filing=filing, kind=Kind.RESULT).first()
    if existing:
        return existing
    document = _render_and_sign(filing, Kind.RESULT, signer_name=_person(actor))
    document.save(force_insert=True)
    # the result was issued electronically (trả kết quả điện tử): the 766 index's digitisation group
    type(filing).objects.filter(pk=filing.pk).update(result_electronic=True)
    filing.result_electronic = True
    if filing.applicant_id:
        keep_in_repository(document, owner=filing.applicant)
    return document


def issue_result_late(filing):
    """A result returned before results were signed (e.g. seeded history): signed at its first download,
    in the name of the official who returned it, once."""
    returned = filing.events.filter(action="return_result").select_related("actor").last()
    with transaction.atomic():
        from services.models import Filing

        locked = (
            Filing.objects.select_for_update()
            .select_related("procedure", "agency__province")
            .get(pk=filing.pk)
        )
        return issue_result(filing=locked, actor=returned.actor if returned else None)


def keep_in_repository(document, *, owner):
    """The signed result in the owner's personal repository (once), linked to its signed document."""
    personal = PersonalDocument.objects.filter(owner=owner, sha256=document.sha256).first()
    if personal is None:
        personal = PersonalDocument(
            owner=owner,
            title=f"Kết quả: {document.filing.procedure.name} ({document.filing.code})"[:300],
            original_name=document.filename,
            content_type="application/pdf",
            size=document.size,
            sha256=document.sha256,
        )
        personal.file.save(document.filename, ContentFile(bytes(document.pdf)), save=False)
        personal.save()
    SignedDocument.objects.filter(pk=document.pk).update(personal_document=personal)
    document.personal_document = personal
    return personal


def _get_or_issue(lookup, make):
    existing = SignedDocument.objects.filter(**lookup).first()
    if existing:
        return existing
    document = make()
    try:
        with transaction.atomic():
            document.save(force_insert=True)
    except IntegrityError:  # two first downloads at once: the other one is kept
        return SignedDocument.objects.get(**lookup)
    return document


def receipt_document(filing):
    """The signed receipt slip (signed on first request by the official who received the filing)."""
    if not filing.received_at:
        raise StateConflict(_("Hồ sơ chưa được tiếp nhận / The filing has not been received yet."))
    receiver = filing.events.filter(action="receive").select_related("actor").first()
    return _get_or_issue(
        {"filing": filing, "kind": Kind.RECEIPT},
        lambda: _render_and_sign(
            filing,
            Kind.RECEIPT,
            signer_name=_person(receiver.actor if receiver else None),
            documents=list(filing.documents.select_related("required_document")),
        ),
    )


def apology_document(slip):
    """The signed apology slip (signed on first request, by the official who issued it)."""
    return _get_or_issue(
        {"apology_slip": slip},
        lambda: _render_and_sign(slip.filing, Kind.APOLOGY, signer_name=_person(slip.issued_by), slip=slip),
    )


# --- revocation ----------------------------------------------------------------------------------------
def may_revoke(user, document):
    """Admins of the document's province and superusers (the access policy's rule)."""
    return access.may_manage_province(user, document.filing.agency.province_id)


def revoke(*, document, actor, reason):
    with transaction.atomic():
        document = (
            SignedDocument.objects.select_for_update(of=("self",))
            .select_related("filing__agency")
            .get(pk=document.pk)
        )
        if not may_revoke(actor, document):
            raise NotPermitted(
                _(
                    "Chỉ quản trị của tỉnh được thu hồi văn bản / "
                    "Only the province's admins may revoke a document."
                )
            )
        if not (reason or "").strip():
            raise InvalidInput(_("Cần ghi lý do thu hồi / Say why the document is revoked."), field="reason")
        if document.is_revoked:
            raise StateConflict(_("Văn bản đã bị thu hồi / The document is already revoked."), code="revoked")
        document.revoked_at = timezone.now()
        document.revoked_reason = reason.strip()
        document.revoked_by = actor
        document.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        return document


# --- verification ----------------------------------------------------------------------------------------
def verify_pdf(content):
    """What anyone may learn of an uploaded PDF: ``valid`` = our signature holds over the whole file
    against our CA AND the bytes are exactly the ones stored; then the document, revoked or not."""
    sha = hashlib.sha256(content).hexdigest()
    document = SignedDocument.objects.select_related("filing").filter(sha256=sha).first()
    if document is None:  # changed or not ours: name the document it claims to be, if it says so
        match = _ID_IN_PDF.match(claimed_subject(content))
        if match:
            document = SignedDocument.objects.select_related("filing").filter(pk=match.group(1)).first()
    check = check_signature(content)
    valid = check.valid and document is not None and document.sha256 == sha
    return {
        "valid": valid,
        "signed_by": document.agency_name if valid else None,
        "signed_at": check.signed_at.isoformat() if valid and check.signed_at else None,
        "filing_code": document.filing.code if valid else None,
        "document": str(document.pk) if document else None,
        "revoked": bool(document and document.is_revoked),
        "revoked_reason": document.revoked_reason if document and document.is_revoked else None,
    }


def check_reuse(personal_document, content):
    """A signed result picked from the repository is checked again before it is attached."""
    document = SignedDocument.objects.filter(personal_document=personal_document).first()
    if document is None:
        return
    result = verify_pdf(content)
    if not result["valid"]:
        raise InvalidInput(
            _(
                "Văn bản điện tử đã bị thay đổi, chữ ký số không còn hợp lệ / "
                "The signed document was changed: its signature no longer holds."
            ),
            code="signature_invalid",
        )
    if result["revoked"]:
        raise InvalidInput(
            _("Văn bản điện tử đã bị thu hồi / The signed document has been revoked."), code="revoked"
        )


def result_for(filing):
    if filing.status != FilingStatus.RESULT_RETURNED:
        return None
    return SignedDocument.objects.filter(filing=filing, kind=Kind.RESULT).first()
