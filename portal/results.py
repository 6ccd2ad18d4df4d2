"""The electronic result of a full-process filing, generated as a small PDF (the mock of a signed result).

Standard PDF fonts do not carry Vietnamese glyphs, so the text is written without diacritics.
"""

from django.utils import timezone

from services.search import fold


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def result_pdf(filing):
    lines = [
        "KET QUA GIAI QUYET THU TUC HANH CHINH / RESULT",
        f"Ma ho so / Filing: {filing.code}",
        f"Thu tuc / Procedure: {fold(filing.procedure.name)}",
        f"Co quan / Agency: {fold(filing.agency.name)}",
        f"Nguoi nop / Applicant: {fold(filing.applicant_name)} ({filing.applicant_personal_id})",
        f"Phe duyet luc / Approved: {timezone.localtime(filing.decided_at):%d/%m/%Y %H:%M}",
    ]
    text = "BT /F1 12 Tf 50 780 Td 16 TL " + " ".join(f"({_escape(line)}) '" for line in lines) + " ET"
    stream = text.encode("latin-1", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
