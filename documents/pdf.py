"""HTML templates to A4 PDFs with WeasyPrint: Debian's fonts through fontconfig, nothing fetched.

The only URLs a document may use are ``data:`` ones (the QR code); anything else is refused by the
fetcher, so rendering never touches the network or the file system beyond fontconfig's fonts.
"""

import logging

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def local_fetcher():
    """WeasyPrint's fetcher limited to ``data:`` URLs: http(s), file, ftp are refused."""
    from weasyprint.urls import URLFetcher  # imported when first used: it parses its stylesheets then

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def qr_matrix(text):
    """The QR code of ``text`` as rows of 0/1 (what the PDF shows; tests compare it)."""
    return [list(row) for row in segno.make(text, error="m", boost_error=False).matrix]


QR_SCALE, QR_BORDER = 4, 2  # pixels per module, quiet-zone modules


def qr_data_uri(text):
    """A PNG (an image the PDF keeps pixel for pixel, so a reader can sample it back)."""
    return segno.make(text, error="m", boost_error=False).png_data_uri(scale=QR_SCALE, border=QR_BORDER)


def render_pdf(template, context):
    """The PDF of ``template``; official documents are Vietnamese whatever the reader's language."""
    with translation.override("vi"):
        html = render_to_string(template, {**context, "font_family": settings.DOCUMENTS_FONT_FAMILY})
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=local_fetcher()).write_pdf(pdf_variant="pdf/a-3b")
