"""The gateway's door into the portal (inbound filings) and the admins' sync status page."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from services import services
from services.exceptions import DomainError, InvalidInput
from services.models import Procedure
from services.sync import delivery, publication, selectors
from services.tasks import deliver_outbox

_CONTACT = ("applicant_phone", "applicant_email", "applicant_address")


@csrf_exempt
@require_POST
def inbound_filing(request):
    """The national gateway forwards a filing a citizen submitted there (bearer token)."""
    token = settings.NATIONAL_GATEWAY_INBOUND_TOKEN
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return JsonResponse({"code": "unauthorized"}, status=401)
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
        filing, created = _receive(body)
    except ValueError:
        return JsonResponse({"code": "invalid", "message": "body is not a JSON object"}, status=400)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.http_status)
    return JsonResponse(
        {"code": filing.code, "national_id": filing.national_id, "status": filing.status, "created": created},
        status=201 if created else 200,
    )


def _receive(body):
    missing = [
        f
        for f in ("national_id", "procedure_code", "agency_code", "applicant_name", "applicant_personal_id")
        if not body.get(f)
    ]
    if missing:
        raise InvalidInput(f"Thiếu / missing: {', '.join(missing)}", code="missing")
    procedure = Procedure.objects.filter(
        national_code=body["procedure_code"], agency__code=body["agency_code"], is_active=True
    ).first()
    if procedure is None:
        raise InvalidInput(f"Không có thủ tục / unknown procedure {body['procedure_code']}", code="procedure")
    return services.receive_national_filing(
        national_id=str(body["national_id"]),
        procedure=procedure,
        applicant_name=body["applicant_name"],
        applicant_personal_id=str(body["applicant_personal_id"]),
        **{k: body[k] for k in _CONTACT if body.get(k)},
    )


@staff_member_required
@require_http_methods(["GET", "POST"])
def sync_status(request):
    """Backlog, oldest pending age, dead events, last success, and each online service's integration."""
    if request.method == "POST":
        return _act(request)
    return render(request, "sync/status.html", selectors.sync_status())


def _act(request):
    action = request.POST.get("action")
    try:
        if action == "publish_all":
            result = publication.sync_catalog(actor=request.user)
            messages.success(
                request,
                _("Đã gửi %(n)d yêu cầu công bố") % {"n": len(result["queued"]) + len(result["unpublished"])},
            )
        elif action == "redrive":
            messages.success(request, _("Gửi lại %(n)d sự kiện") % {"n": delivery.redrive()})
        elif action == "deliver":
            deliver_outbox.delay()
            messages.success(request, _("Đã yêu cầu gửi"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("sync:status")
