"""The id of the request (or task) being served, visible to every log line it writes."""

import contextvars
import re
import uuid

_current = contextvars.ContextVar("request_id", default="")
# A client's X-Request-ID is kept when it is short and plain (no spaces, quotes or control characters);
# anything else is replaced, so a header can never forge or break a log line.
SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def new_id():
    return uuid.uuid4().hex


def choose(candidate):
    """The client's id when sane, else a fresh one."""
    candidate = (candidate or "").strip()
    return candidate if SANE.fullmatch(candidate) else new_id()


def get():
    return _current.get()


def bind(request_id):
    """Make ``request_id`` current; returns the token for :func:`reset`."""
    return _current.set(request_id)


def reset(token):
    _current.reset(token)
