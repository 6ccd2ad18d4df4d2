"""What a person or a client gets when the server fails: the API's error shape on ``/api/`` paths, a
bilingual page elsewhere, both with the request id; a database outage is a 503 with Retry-After.

``handler500`` (config/urls.py) answers every unhandled exception when DEBUG is off (production: no
traceback ever reaches a page). :class:`FaultMiddleware` answers a view's database outage (any DEBUG) and a
view's crash on ``/api/`` paths, so an API client always gets JSON.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_noop
from django.views import defaults

from observability import context

log = logging.getLogger("observability.errors")

# code: (HTTP status, bilingual message)
FAULTS = {
    "server_error": (
        500,
        gettext_noop(
            "Đã xảy ra lỗi hệ thống, yêu cầu không thực hiện được. Hãy thử lại sau / "
            "A server error prevented the request from completing. Please try again later."
        ),
    ),
    "service_unavailable": (
        503,
        gettext_noop(
            "Hệ thống tạm thời gián đoạn (cơ sở dữ liệu không sẵn sàng). Hãy thử lại sau ít phút / "
            "The service is temporarily unavailable (the database is not ready). Please retry in a moment."
        ),
    ),
}
# Errors of the database server or of the connection to it (not of the query): the request may succeed
# when retried, so 503 and not 500.
UNAVAILABLE = (OperationalError, InterfaceError)


def is_unavailable(exc):
    if isinstance(exc, UNAVAILABLE):
        return True
    # psycopg's pool raises PoolTimeout when no connection can be had in time (Django usually wraps it).
    return type(exc).__name__ == "PoolTimeout"


def wants_json(request):
    return request.path.startswith("/api/")


def body(code):
    """The API's error shape for a fault: ``{"code","message","message_vi","message_en","request_id"}``."""
    _status, text = FAULTS[code]
    vi, en = (part.strip() for part in text.split(" / ", 1))
    english = (translation.get_language() or settings.LANGUAGE_CODE).startswith("en")
    return {
        "code": code,
        "message": en if english else vi,
        "message_vi": vi,
        "message_en": en,
        "request_id": context.get(),
    }


def respond(request, code):
    status, _text = FAULTS[code]
    data = body(code)
    if wants_json(request):
        response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    else:
        html = loader.render_to_string("observability/error.html", {"error": data, "status": status})
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    return response


def handler404(request, exception):
    """Django's 404 view: the API's error shape on ``/api/`` paths, the portal's 404 page elsewhere."""
    if wants_json(request):
        from api.errors import error_body

        return JsonResponse(error_body("not_found"), status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)


def handler403(request, exception):
    """Django's 403 view: the API's error shape on ``/api/`` paths, the portal's 403 page elsewhere."""
    if wants_json(request):
        from api.errors import error_body

        return JsonResponse(error_body("forbidden"), status=403, json_dumps_params={"ensure_ascii": False})
    return defaults.permission_denied(request, exception)


def handler500(request):
    """Django's 500 view: a database outage is a 503, anything else a 500 (logged by Django already)."""
    exc = sys.exc_info()[1]
    return respond(request, "service_unavailable" if is_unavailable(exc) else "server_error")


class FaultMiddleware:
    """A view's database outage → 503 (any path); a view's crash on ``/api/`` → 500 JSON, even in DEBUG."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_unavailable(exception):
            log.warning(
                "database unavailable: %s %s: %s",
                request.method,
                request.path,
                exception,
                extra={"status_code": 503},
            )
            return _logged(respond(request, "service_unavailable"))
        if wants_json(request):
            log.error(
                "internal error: %s %s",
                request.method,
                request.path,
                exc_info=exception,
                extra={"status_code": 500},
            )
            return _logged(respond(request, "server_error"))
        return None


def _logged(response):
    response._has_been_logged = True  # logged above, with the cause; Django need not add a bare line
    return response
