"""Every error of the API in one shape, decided here once.

``{"code": machine code, "message": text in the request's language (Vietnamese unless Accept-Language asks
for English), "message_vi", "message_en", "field"?: the input at fault, "errors"?: per-field details,
"request_id": the request's id (also its ``X-Request-ID`` header and its log lines)}``.

Domain errors (:mod:`services.exceptions`) carry their HTTP status; DRF's own errors (validation,
authentication, permission, 404, throttling, ...) are reshaped to match.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from observability import context as request_context
from services.exceptions import DomainError

# DRF's error kinds: our code and the message in both languages.
MESSAGES = {
    "invalid": ("Dữ liệu không hợp lệ.", "The request has invalid data."),
    "parse_error": ("Nội dung yêu cầu không đọc được.", "The request body could not be parsed."),
    "not_authenticated": ("Cần đăng nhập.", "Authentication is required."),
    "authentication_failed": ("Thông tin đăng nhập không đúng.", "Authentication failed."),
    "forbidden": ("Bạn không được thực hiện thao tác này.", "You may not do this."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "method_not_allowed": ("Phương thức không được hỗ trợ.", "Method not allowed."),
    "not_acceptable": ("Không đáp ứng được định dạng yêu cầu.", "Cannot satisfy the Accept header."),
    "unsupported_media_type": ("Kiểu nội dung không được hỗ trợ.", "Unsupported media type."),
    "throttled": ("Quá nhiều yêu cầu, hãy thử lại sau.", "Too many requests; retry later."),
    "error": ("Yêu cầu không thực hiện được.", "The request could not be completed."),
}
# DRF's default codes that we name differently, so that one kind of "no" has one code.
CODE_ALIASES = {"permission_denied": "forbidden"}


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documented as the ``Error`` component)."""

    code = serializers.CharField(help_text="Mã lỗi cho máy đọc / machine-readable code")
    message = serializers.CharField(help_text="Thông báo theo ngôn ngữ yêu cầu / message in request language")
    message_vi = serializers.CharField()
    message_en = serializers.CharField()
    field = serializers.CharField(required=False, help_text="Trường dữ liệu bị lỗi / the input at fault")
    errors = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="Lỗi theo từng trường / per-field errors"
    )
    request_id = serializers.CharField(
        help_text="Mã yêu cầu, để tra nhật ký / the request's id, for the logs"
    )


def split_bilingual(text):
    """A domain message is written "tiếng Việt / English"; the catalogs give each language its half. A
    message with no catalog entry (or formatted before it reached us) may still hold both: split it."""
    parts = str(text).split(" / ")
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    return str(text), str(text)


def _pick(vi, en):
    return en if (translation.get_language() or "vi").startswith("en") else vi


def _domain_body(exc):
    data = exc.as_dict()
    vi, _unused = split_bilingual(data["message_vi"])
    _unused, en = split_bilingual(data["message_en"])
    data.update(message=_pick(vi, en), message_vi=vi, message_en=en)
    return data


def domain_error_body(exc):
    """The API's body for a domain error, for the few answers made outside DRF (the sign-in lockout)."""
    return _domain_body(exc)


def _drf_body(exc):
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        code = CODE_ALIASES.get(code, code)
    vi, en = MESSAGES.get(code, MESSAGES["error"])
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        vi, en = f"{vi} ({int(exc.wait) + 1} giây)", f"{en} ({int(exc.wait) + 1} s)"
    body = {"code": code, "message": _pick(vi, en), "message_vi": vi, "message_en": en}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["errors"] = detail
        body["field"] = next(iter(detail))
    return body


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: the domain's errors and DRF's own, in the one shape."""
    if isinstance(exc, DomainError):
        response = drf_exception_handler(exceptions.APIException(), context)
        response.status_code = exc.http_status
        response.data = {**_domain_body(exc), "request_id": request_context.get()}
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {**_drf_body(exc), "request_id": request_context.get()}
    return response


def error_body(code):
    """The body for one of DRF's kinds (``MESSAGES``), for answers made outside DRF: an ``/api/`` address
    that no view matches (``observability.errors.handler404``)."""
    vi, en = MESSAGES.get(code, MESSAGES["error"])
    return {"code": code, "message": _pick(vi, en), "message_vi": vi, "message_en": en}
