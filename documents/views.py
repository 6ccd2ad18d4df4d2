"""Public verification pages (no sign-in), the CA certificate, the admins' revocation, and the PDFs of a
filing (its applicant and the agency's officials, as the filing page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import pki, services
from documents.models import SignedDocument
from services import access, rules
from services.exceptions import DomainError

MAX_UPLOAD = 10 * 1024 * 1024


def _pdf_response(document):
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Content-SHA256"] = document.sha256
    return response


def _error_page(request, exc):
    return render(request, "documents/error.html", {"message": str(exc.message)}, status=exc.http_status)


def verify_page(request, document_id):
    """Genuine or not, agency, signed when, filing code, revoked (and why); no personal data."""
    document = (
        SignedDocument.objects.select_related("filing__procedure", "filing__agency")
        .filter(pk=document_id)
        .first()
    )
    status = 200 if document else 404
    context = {
        "document": document,
        "can_revoke": bool(
            document and not document.is_revoked and services.may_revoke(request.user, document)
        ),
    }
    response = render(request, "documents/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def verify_upload(request):
    """Upload a PDF to check it: the same answer as ``POST /api/v1/verify/``."""
    result, error, status = None, None, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error, status = _("Chọn một tệp PDF để kiểm tra / Choose a PDF file to check."), 400
        elif upload.size > MAX_UPLOAD:
            error, status = _("Tệp quá lớn (tối đa 10 MB) / The file is too large (10 MB at most)."), 400
        else:
            result = services.verify_pdf(upload.read())
            if result["document"]:
                result["record"] = SignedDocument.objects.select_related("filing__procedure").get(
                    pk=result["document"]
                )
    return render(request, "documents/verify_upload.html", {"result": result, "error": error}, status=status)


def ca_certificate(request):
    pem = pki.ca_pem()
    if pem is None:
        raise Http404
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="ca.pem"'
    return response


@login_required
@require_POST
def revoke(request, document_id):
    document = get_object_or_404(SignedDocument, pk=document_id)
    try:
        services.revoke(document=document, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Đã thu hồi văn bản / The document is revoked."))
    return redirect("documents:verify", document_id=document.pk)


# --- a filing's PDFs ---------------------------------------------------------------------------------------
def _filing(request, code):
    return get_object_or_404(
        access.visible_filings(request.user).select_related("procedure", "agency__province"), code=code
    )


@login_required
def result_pdf(request, code):
    """The electronic result as it was signed when the desk returned it (never rendered again)."""
    filing = _filing(request, code)
    if not rules.result_available(filing):
        raise Http404
    document = services.result_for(filing)
    if document is None:  # returned before results were signed: sign it now, once
        try:
            document = services.issue_result_late(filing)
        except DomainError as exc:
            return _error_page(request, exc)
    return _pdf_response(document)


@login_required
def receipt_pdf(request, code):
    filing = _filing(request, code)
    if not filing.received_at:
        raise Http404
    try:
        return _pdf_response(services.receipt_document(filing))
    except DomainError as exc:
        return _error_page(request, exc)


@login_required
def apology_pdf(request, code, pk):
    filing = _filing(request, code)
    slip = get_object_or_404(
        filing.apology_slips.select_related("issued_by", "filing__agency__province"), pk=pk
    )
    try:
        return _pdf_response(services.apology_document(slip))
    except DomainError as exc:
        return _error_page(request, exc)
