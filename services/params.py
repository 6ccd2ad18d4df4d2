"""Query parameters, read once: a value that is malformed, not one of the choices or out of range is a
400 that names the parameter (``BadParameter``), on pages (``portal.query``'s middleware renders it) and
in the API (the error shape, through the API's exception handler). Never a 500, never silently ignored.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from services.exceptions import InvalidInput, lazy_format

# Dates a report or a filter may ask for: wide enough for every record, narrow enough that adding a
# period or a few years to one never leaves Python's date range (year 1 .. 9999).
DATE_MIN = dt.date(1990, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
MAX_ID = 2**63 - 1  # a larger number is no id of ours, and SQLite cannot even compare with it


class BadParameter(InvalidInput):
    code = "bad_parameter"

    def __init__(self, field, message=None):
        super().__init__(
            message
            or lazy_format(
                _("Tham số “%(field)s” không hợp lệ / The parameter “%(field)s” is not valid."), field=field
            ),
            field=field,
        )


def check_date(field, value):
    if not DATE_MIN <= value <= DATE_MAX:
        raise BadParameter(
            field,
            lazy_format(
                _(
                    "Ngày “%(field)s” phải trong khoảng %(min)s – %(max)s / "
                    "The date “%(field)s” must be between %(min)s and %(max)s."
                ),
                field=field,
                min=DATE_MIN.isoformat(),
                max=DATE_MAX.isoformat(),
            ),
        )
    return value


def date_param(params, field, default):
    """``YYYY-MM-DD`` within ``DATE_MIN`` .. ``DATE_MAX``, or ``default`` when absent or blank."""
    raw = (params.get(field) or "").strip()
    if not raw:
        return default
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            field,
            lazy_format(
                _("Ngày “%(field)s” phải có dạng YYYY-MM-DD / The date “%(field)s” must be YYYY-MM-DD."),
                field=field,
            ),
        ) from None
    return check_date(field, value)


def choice_param(params, field, choices):
    """One of ``choices``, or "" when absent or blank."""
    raw = params.get(field) or ""
    if raw and raw not in choices:
        raise BadParameter(field)
    return raw


def id_param(params, field):
    """A positive id, or None when absent or blank."""
    raw = (params.get(field) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise BadParameter(field)
    return int(raw)


def int_param(params, field, choices, default):
    """An integer among ``choices`` (a year, say), or ``default`` when absent or blank."""
    raw = (params.get(field) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(field) from None
    if value not in choices:
        raise BadParameter(field)
    return value


def cursor_param(params, field, pager, model):
    """A cursor of ``pager`` (``services.paging``) for ``model``'s list, or None when absent or blank: a
    cursor we did not make (edited, truncated, of another list) is a 400, never a 500 nor the first page."""
    raw = (params.get(field) or "").strip()
    if not raw:
        return None
    try:
        return pager.decode(raw, model)
    except ValueError:
        raise BadParameter(
            field,
            _(
                "Liên kết phân trang không hợp lệ hoặc đã cũ, hãy mở lại trang đầu / "
                "The paging link is not valid or has expired, open the first page again."
            ),
        ) from None
