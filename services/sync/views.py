"""The gateway's door into the portal (inbound filings) and the admins' sync status page."""

import json

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from services import outbox
from services.exceptions import DomainError
from services.sync import delivery, inbound, publication, selectors
from services.tasks import deliver_outbox

BROKER_DOWN = gettext_lazy(
    "Chưa báo được cho tiến trình gửi (hàng đợi không phản hồi); lượt quét định kỳ sẽ gửi / "
    "Could not signal the worker (the broker does not answer); the periodic sweep will send it."
)


@csrf_exempt
@require_POST
def inbound_filing(request):
    """The national gateway forwards a filing a citizen submitted there (bearer token)."""
    if not inbound.is_gateway(request.headers.get("Authorization")):
        return JsonResponse({"code": "unauthorized"}, status=401)
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
        filing, created = inbound.receive_forwarded(body)
    except ValueError:
        return JsonResponse({"code": "invalid", "message": "body is not a JSON object"}, status=400)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.http_status)
    return JsonResponse(
        {"code": filing.code, "national_id": filing.national_id, "status": filing.status, "created": created},
        status=201 if created else 200,
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
            if outbox.signal_worker(deliver_outbox):
                messages.success(request, _("Đã yêu cầu gửi"))
            else:
                messages.error(request, BROKER_DOWN)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("sync:status")
