"""PAdES signatures with pyHanko: sign with the agency's key, validate against the trust anchor."""

import asyncio
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from documents import pki
from services.exceptions import ConditionNotMet
from services.search import fold

logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


def _outside_event_loop(work):
    """pyHanko's sync API calls ``asyncio.run``, which refuses to run where a loop is already running (an
    ASGI request, a Playwright test): there, the work runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


# The visible stamp (points, from the page's lower left corner): the templates leave this box free.
STAMP_BOX = (330, 40, 565, 110)
FIELD_NAME = "ChuKySo"


def sign_pdf(pdf, *, agency, signer_name, reason):
    """``pdf`` signed (PAdES baseline, SHA-256) with the agency's key, a visible stamp, a timestamp from
    ``SIGNING_TSA_URL`` where set. The stamp's own font is pyHanko's built-in one (no Vietnamese glyphs
    without its optional HarfBuzz), so the stamp is folded to ASCII; the page prints the same in Vietnamese.
    """
    pair = pki.key_pair_for(agency)
    signer = signers.SimpleSigner.load(
        str(pair.key_file),
        str(pair.cert_file),
        ca_chain_files=(str(pki.ca_file()),) if pki.ca_file().is_file() else None,
        key_passphrase=settings.SIGNING_KEY_PASSPHRASE.encode() or None,
    )
    if signer is None:  # pyHanko logs and answers None for unreadable key material
        raise ConditionNotMet(
            _(
                "Không đọc được khóa ký số của cơ quan; báo quản trị / "
                "The agency's signing key cannot be read: tell an admin."
            ),
            code="bad_signing_key",
        )
    timestamper = timestamps.HTTPTimeStamper(settings.SIGNING_TSA_URL) if settings.SIGNING_TSA_URL else None
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=fold(reason),
        location=fold(agency.province.name),
        name=fold(signer_name) or None,
    )
    style = TextStampStyle(
        stamp_text="Ky so boi / Signed by: %(agency)s\nNguoi ky / Signer: %(person)s\nThoi gian / Time: %(ts)s",
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0, box=STAMP_BOX),
    )
    out = io.BytesIO()
    _outside_event_loop(
        lambda: pdf_signer.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            output=out,
            appearance_text_params={"agency": fold(agency.name)[:60], "person": fold(signer_name)[:60]},
        )
    )
    return out.getvalue(), signer.signing_cert.subject.human_friendly


@dataclass
class SignatureCheck:
    valid: bool
    signer: str = ""
    signed_at: object = None
    problem: str = ""


def trust_context():
    pem = pki.ca_pem()
    roots = [load_cert_from_pemder(str(pki.ca_file()))] if pem else []
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def check_signature(pdf):
    """Does ``pdf`` carry exactly one signature of ours, intact, trusted, covering the whole file?"""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
        if len(sigs) != 1:
            return SignatureCheck(False, problem="signatures")
        context = trust_context()
        status = _outside_event_loop(lambda: validate_pdf_signature(sigs[0], context))
    except Exception as exc:  # anything unreadable is not a valid signed document
        return SignatureCheck(False, problem=type(exc).__name__)
    ok = (
        status.intact
        and status.valid
        and status.trusted
        and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and status.bottom_line
    )
    signed_at = (
        status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
    )
    return SignatureCheck(
        bool(ok),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=timezone.localtime(signed_at) if signed_at else None,
        problem="" if ok else "signature",
    )


def claimed_subject(pdf):
    """The document's /Subject (where the templates write ``verify:<document id>``), or ""."""
    try:
        info = PdfFileReader(io.BytesIO(pdf), strict=False).trailer_view["/Info"].get_object()
        return str(info.get("/Subject", ""))
    except Exception:  # not a PDF we can read: it claims nothing
        return ""
