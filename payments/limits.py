"""The platform's callback doors (``/payments/callback/``, ``/api/v1/payments/callback/``) are open to
anyone: each address is throttled, and a body over ``PAYMENT_CALLBACK_MAX_BYTES`` is refused with 413,
from its Content-Length and again from the bytes read, before anything is stored.
"""

import math
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

from api.errors import domain_error_body
from config.addresses import client_address
from services.exceptions import DomainError

# What a stored raw message may hold besides its body (a header's value is cut to this many characters).
HEADER_VALUE_MAX = 256


class TooLarge(DomainError):
    code = "too_large"
    http_status = 413


class CallbackThrottle(SimpleRateThrottle):
    """Per client address (see ``config.addresses``), at ``PAYMENT_CALLBACK_RATE``."""

    scope = "payment_callback"

    def get_rate(self):
        return settings.PAYMENT_CALLBACK_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


def _answer(error, **headers):
    response = JsonResponse(domain_error_body(error), status=error.http_status)
    for name, value in headers.items():
        response[name] = value
    return response


def _too_large():
    return _answer(
        TooLarge(_("Nội dung thông báo thanh toán quá lớn / The payment notification's body is too large."))
    )


def limited_callback(view):
    """Throttle, then the size from Content-Length, then the size of what was read; only then the view."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        throttle = CallbackThrottle()
        if not throttle.allow_request(request, None):
            wait = throttle.wait()
            error = DomainError(
                _("Quá nhiều yêu cầu, hãy thử lại sau / Too many requests; retry later."), code="throttled"
            )
            error.http_status = 429
            return _answer(error, **{"Retry-After": str(math.ceil(wait or 1))})
        limit = settings.PAYMENT_CALLBACK_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _answer(
                DomainError(
                    _("Độ dài nội dung không hợp lệ / The Content-Length is not valid."),
                    code="invalid",
                    field="Content-Length",
                )
            )
        if length > limit or len(request.body) > limit:
            return _too_large()
        return view(request, *args, **kwargs)

    return guarded
