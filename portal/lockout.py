"""The answer to a locked-out sign-in (django-axes' ``AXES_LOCKOUT_CALLABLE``).

A page in the site's layout for people (``/login/``, ``/admin/login/``), the API's error shape for
clients; both 429 and both say how long the cool-off lasts. The policy itself is in settings
(``AXES_FAILURE_LIMIT``, ``AXES_COOLOFF_TIME``, ``AXES_LOCKOUT_PARAMETERS``); the API's token endpoint
answers the same error itself (``services.api.urls.ObtainToken``).
"""

from django.http import JsonResponse
from django.shortcuts import render

from api.errors import domain_error_body
from services.exceptions import LockedOut


def lockout_response(request, original_response=None, credentials=None):
    error = LockedOut()
    if request.path.startswith("/api/"):
        return JsonResponse(domain_error_body(error), status=error.http_status)
    return render(
        request,
        "portal/locked_out.html",
        {"message": error.message, "minutes": error.minutes},
        status=error.http_status,
    )
