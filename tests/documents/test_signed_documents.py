"""The signed result and slips: real WeasyPrint PDFs, real pyHanko signatures, the public verification."""

import io

import pytest
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from documents import pdf as pdfs
from documents import pki
from documents.models import SignedDocument
from documents.services import verify_url
from services import services
from services.constants import FilingStatus as S

pytestmark = pytest.mark.django_db


def _result(world):
    filing = world.filing(S.RESULT_RETURNED)
    return filing, SignedDocument.objects.get(filing=filing, kind="result")


def _text(content):
    """The text of every page, whitespace (line breaks of the layout) collapsed."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_result_is_a_vietnamese_a4_pdf_with_the_official_heading(world, client):
    filing, document = _result(world)
    client.force_login(world.applicant)
    response = client.get(reverse("portal:result", args=[filing.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(document.pdf)  # served as stored, never rendered again
    text = _text(response.content)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đăng ký thành lập hộ kinh doanh",
        "UBND THÀNH PHỐ VĨNH LONG",  # the heading, upper-cased
        "UBND thành phố Vĩnh Long",
        "Vĩnh Long, ngày",
        f"Số: {document.number}",
        filing.code,
        filing.applicant_name,
        verify_url(document.pk),
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    # declared PDF/A-3b by WeasyPrint (XMP pdfaid; not checked here with a PDF/A validator)
    assert b'pdfaid:part="3"' in reader.trailer["/Root"]["/Metadata"].get_object().get_data() or (
        b"<pdfaid:part>3</pdfaid:part>" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    )


def test_the_result_is_signed_by_the_agency_and_validates_against_the_demo_ca(world, settings):
    _filing, document = _result(world)
    reader = PdfFileReader(io.BytesIO(bytes(document.pdf)))
    assert len(reader.embedded_signatures) == 1
    trusted = ValidationContext(trust_roots=[load_cert_from_pemder(str(pki.ca_file()))])
    status = validate_pdf_signature(reader.embedded_signatures[0], trusted)
    assert status.bottom_line and status.intact and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    # the same file against a CA that is not ours: not trusted
    other = pki.ensure_demo_ca(settings.MEDIA_ROOT / "other-ca")[0]
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    foreign = ValidationContext(trust_roots=[asn1_x509.Certificate.load(other.public_bytes(Encoding.DER))])
    assert not validate_pdf_signature(
        PdfFileReader(io.BytesIO(bytes(document.pdf))).embedded_signatures[0], foreign
    ).bottom_line


def test_an_agency_signs_with_its_own_certificate_when_make_demo_pki_made_one(world, settings, tmp_path):
    from django.core.management import call_command

    settings.SIGNING_PKI_DIR = tmp_path / "pki"
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = ""
    out = io.StringIO()
    call_command("make_demo_pki", stdout=out)
    assert (tmp_path / "pki" / "agencies" / "UBND-VL" / "key.pem").is_file()
    first_ca = (tmp_path / "pki" / "ca.pem").read_bytes()
    call_command("make_demo_pki", stdout=out)  # idempotent: the CA and the keys stay
    assert (tmp_path / "pki" / "ca.pem").read_bytes() == first_ca
    assert "0 agency certificate(s) added" in out.getvalue()
    assert oct((tmp_path / "pki" / "agencies" / "UBND-VL" / "key.pem").stat().st_mode & 0o777) == "0o600"
    _filing, document = _result(world)
    assert "UBND thành phố Vĩnh Long" in document.certificate_subject


def test_without_a_key_returning_the_result_fails_cleanly_and_changes_nothing(
    world, settings, tmp_path, client
):
    settings.SIGNING_PKI_DIR = tmp_path / "empty"
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = ""
    filing = world.filing(S.APPROVED)
    client.force_login(world.actors["desk"])
    response = client.post(
        f"/api/v1/filings/{filing.code}/return_result/",
        HTTP_ACCEPT_LANGUAGE="en",
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "no_signing_key"
    assert "Chưa có khóa ký số" in body["message_vi"] and "no signing key" in body["message_en"]
    filing.refresh_from_db()
    assert filing.status == S.APPROVED and not filing.events.filter(action="return_result").exists()
    assert not SignedDocument.objects.exists()


@pytest.mark.parametrize("where", ["start", "middle", "signature", "end"])
def test_one_changed_byte_anywhere_is_not_valid(world, client, where):
    filing, document = _result(world)
    content = bytearray(document.pdf)
    ok = client.post("/api/v1/verify/", {"file": io.BytesIO(bytes(content))})
    assert ok.status_code == 200
    assert ok.json() == {
        "valid": True,
        "signed_by": "UBND thành phố Vĩnh Long",
        "signed_at": ok.json()["signed_at"],
        "filing_code": filing.code,
        "document": str(document.pk),
        "revoked": False,
        "revoked_reason": None,
    }
    position = {
        "start": 10,
        "middle": len(content) // 2,
        "signature": bytes(content).index(b"/Contents <") + 40,
        "end": len(content) - 3,
    }[where]
    content[position] ^= 0x01
    bad = client.post("/api/v1/verify/", {"file": io.BytesIO(bytes(content))}).json()
    assert bad["valid"] is False and bad["filing_code"] is None and bad["signed_by"] is None


def test_a_pdf_not_ours_and_garbage_are_not_valid_and_no_file_is_a_bilingual_400(client):
    from tests.factories import PDF

    assert client.post("/api/v1/verify/", {"file": io.BytesIO(PDF)}).json()["valid"] is False
    assert client.post("/api/v1/verify/", {"file": io.BytesIO(b"not a pdf")}).json()["valid"] is False
    missing = client.post("/api/v1/verify/", {})
    assert missing.status_code == 400
    assert missing.json()["code"] == "file_missing" and "PDF" in missing.json()["message_en"]


def test_the_verify_page_says_genuine_and_leaks_no_personal_id(world, client):
    filing, document = _result(world)
    page = client.get(reverse("documents:verify", args=[document.pk]))  # anonymous
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-valid="true" data-revoked="false"' in html
    assert "UBND thành phố Vĩnh Long" in html and filing.code in html
    assert world.applicant.personal_id not in html and filing.applicant_personal_id not in html
    assert filing.applicant_name not in html  # nor the applicant's name
    unknown = client.get(reverse("documents:verify", args=["00000000-0000-4000-8000-000000000000"]))
    assert unknown.status_code == 404 and 'data-valid="false"' in unknown.content.decode()


def test_an_admin_of_the_province_revokes_with_a_reason_and_everyone_sees_it(world, client):
    _filing, document = _result(world)
    url = reverse("documents:revoke", args=[document.pk])
    for outsider in (world.actors["desk"], world.other_admin):
        client.force_login(outsider)
        client.post(url, {"reason": "Cấp nhầm"})
        document.refresh_from_db()
        assert not document.is_revoked
    client.force_login(world.admin)
    client.post(url, {"reason": ""})
    document.refresh_from_db()
    assert not document.is_revoked  # a reason is required
    assert "revoke-reason" in client.get(reverse("documents:verify", args=[document.pk])).content.decode()
    client.post(url, {"reason": "Cấp nhầm người nộp"})
    document.refresh_from_db()
    assert document.is_revoked and document.revoked_by == world.admin
    client.logout()
    html = client.get(reverse("documents:verify", args=[document.pk])).content.decode()
    assert 'data-revoked="true"' in html and "Cấp nhầm người nộp" in html
    answer = client.post("/api/v1/verify/", {"file": io.BytesIO(bytes(document.pdf))}).json()
    assert (
        answer["valid"] is True
        and answer["revoked"] is True
        and answer["revoked_reason"] == "Cấp nhầm người nộp"
    )


def test_the_qr_code_in_the_pdf_encodes_the_verify_address(world):
    """segno cannot decode: the QR image is taken out of the PDF with pypdf, its modules sampled, and the
    matrix compared with the one of the verify address made by the same function."""
    _filing, document = _result(world)
    images = [img for page in PdfReader(io.BytesIO(bytes(document.pdf))).pages for img in page.images]
    assert len(images) == 1
    picture = images[0].image.convert("L")
    expected = pdfs.qr_matrix(verify_url(document.pk))
    size = len(expected)
    assert picture.size == ((size + 2 * pdfs.QR_BORDER) * pdfs.QR_SCALE,) * 2
    sampled = [
        [
            1
            if picture.getpixel(
                (
                    (pdfs.QR_BORDER + c) * pdfs.QR_SCALE + pdfs.QR_SCALE // 2,
                    (pdfs.QR_BORDER + r) * pdfs.QR_SCALE + 2,
                )
            )
            < 128
            else 0
            for c in range(size)
        ]
        for r in range(size)
    ]
    assert sampled == expected
    assert sampled != pdfs.qr_matrix(verify_url("00000000-0000-4000-8000-000000000000"))


def test_the_ca_is_published(client):
    response = client.get("/verify/ca.pem")
    assert response.status_code == 200 and response.content.startswith(b"-----BEGIN CERTIFICATE-----")
    assert response.content == pki.ca_pem()


def test_the_slips_are_signed_on_first_download_and_then_served_as_stored(world, client):
    filing = world.filing(S.RECEIVED)
    client.force_login(world.applicant)
    first = client.get(reverse("portal:receipt_pdf", args=[filing.code]))
    second = client.get(reverse("portal:receipt_pdf", args=[filing.code]))
    assert first.status_code == 200 and first.content == second.content
    text = _text(first.content)
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper() in text.upper() and filing.receipt_number in text
    assert SignedDocument.objects.filter(filing=filing, kind="receipt").count() == 1
    assert client.post("/api/v1/verify/", {"file": io.BytesIO(first.content)}).json()["valid"] is True


def test_the_result_is_signed_once_in_the_step_and_a_seeded_one_at_first_download(world, client):
    filing = world.filing(S.APPROVED)
    services.return_result(filing=filing, actor=world.actors["desk"])
    assert SignedDocument.objects.filter(filing=filing, kind="result").count() == 1
    # a result returned before signing existed (seeded history): signed at its first download, once
    SignedDocument.objects.filter(filing=filing).update(personal_document=None)
    SignedDocument.objects.filter(filing=filing).delete()
    client.force_login(world.applicant)
    a = client.get(reverse("portal:result", args=[filing.code])).content
    b = client.get(reverse("portal:result", args=[filing.code])).content
    assert a == b and SignedDocument.objects.filter(filing=filing, kind="result").count() == 1


def test_a_copy_signed_again_with_a_key_of_the_same_ca_is_not_the_stored_document(world, client, monkeypatch):
    """The signature alone is not enough: the bytes must be the ones the portal stored. The forgery: the
    same document id, other text, signed with a key the CA issued."""
    import uuid

    from documents import services as documents

    filing, document = _result(world)
    monkeypatch.setattr(uuid, "uuid4", lambda: document.pk)
    forged = bytes(
        documents._render_and_sign(filing, SignedDocument.Kind.RESULT, signer_name="Kẻ giả mạo").pdf
    )
    assert forged != bytes(document.pdf)
    answer = client.post("/api/v1/verify/", {"file": io.BytesIO(forged)}).json()
    assert answer["document"] == str(document.pk)  # it claims to be that document...
    assert answer["valid"] is False  # ...but it is not the file that was signed and stored


def test_the_stored_file_is_not_valid_against_another_trust_anchor(world, client, settings):
    """The stored hash alone is not enough: the signature must hold against the CA."""
    _filing, document = _result(world)
    pki.ensure_demo_ca(settings.MEDIA_ROOT / "other-ca")
    settings.SIGNING_CA_FILE = str(settings.MEDIA_ROOT / "other-ca" / "ca.pem")
    assert client.post("/api/v1/verify/", {"file": io.BytesIO(bytes(document.pdf))}).json()["valid"] is False


def test_rendering_fetches_nothing_from_outside():
    fetcher = pdfs.local_fetcher()
    for url in ("http://127.0.0.1:9/x.css", "https://cdn.example/font.woff", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
