"""Log records as one JSON object a line, with the request id, and never a personal ID.

A personal ID (mã định danh cá nhân) is 12 digits. Any run of exactly 12 digits in a formatted line (the
message, its arguments, a logged URL's query string, a traceback) is masked by the formatters below, so
whatever a logger prints — Django's, gunicorn's access log, Celery's — passes through one mask.
"""

import datetime as dt
import logging
import re

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from observability import context

# Exactly 12 digits, not part of a longer number; also right after a percent-escape ("%2008..." is a space
# then an ID in a URL).
PERSONAL_ID = re.compile(r"(?:(?<![0-9])|(?<=%[0-9A-Fa-f]{2}))[0-9]{12}(?![0-9])")
MASK = "************"


def mask_personal_ids(text):
    return PERSONAL_ID.sub(MASK, text)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (the current request's or task's, or "-") to every record."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = (
                context.get()
                or getattr(getattr(record, "request", None), "request_id", None)  # django.request's lines
                or _access_log_request_id(record)
                or "-"
            )
        return True


def _access_log_request_id(record):
    """gunicorn writes its access line after the response left the middleware: the id is the response's
    X-Request-ID header, which gunicorn passes among the line's atoms."""
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        value = record.args.get("{x-request-id}o")
        return value if value and value != "-" else None
    return None


def _utc(record):
    return dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds")


class JsonFormatter(_JsonFormatter):
    """``{"time","level","logger","message","request_id",...extra}`` with personal IDs masked."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )

    def formatTime(self, record, datefmt=None):
        return _utc(record)

    def format(self, record):
        return mask_personal_ids(super().format(record))


class PlainFormatter(logging.Formatter):
    """The same fields on one readable line (``LOG_FORMAT=plain``), masked the same way."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatTime(self, record, datefmt=None):
        return _utc(record)

    def format(self, record):
        return mask_personal_ids(super().format(record))


def logging_config(*, fmt="json", level="INFO"):
    """The ``LOGGING`` dict for settings: one console handler for Django, the app, Celery and gunicorn."""
    formatter = "plain" if fmt == "plain" else "json"
    console = {"handlers": ["console"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "observability.logs.RequestIdFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "json": {"()": "observability.logs.JsonFormatter"},
            "plain": {"()": "observability.logs.PlainFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "filters": ["request_id"],
            },
            "mail_admins": {
                "level": "ERROR",
                "filters": ["require_debug_false"],
                "class": "django.utils.log.AdminEmailHandler",
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own loggers (its defaults print plain lines through handlers of their own: runserver's
            # request lines would bypass the mask).
            "django": {"handlers": ["console", "mail_admins"], "level": level, "propagate": False},
            "django.server": console,
            "django.db.backends": {"level": "WARNING"},
            # gunicorn's own loggers print through the same handler (and so the same mask) once Django
            # has configured logging in the worker.
            "gunicorn.error": console,
            "gunicorn.access": console,
        },
    }
