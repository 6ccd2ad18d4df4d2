"""Domain errors: the few kinds of "no" the one-stop shop can answer, mapped to HTTP once, in the API layer.

Messages are lazy translations with Vietnamese source text, so one error renders in either language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def lazy_format(message, **params):
    """``message % params``, kept lazy so that the error still renders in whichever language reads it."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in params.items()}, str)()


class DomainError(Exception):
    code = "domain_error"
    http_status = 400

    def __init__(self, message, *, code=None, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_dict(self):
        """Both languages, so that a person reads it whichever language their client asked for."""
        with translation.override("vi"):
            vi = str(self.message)
        with translation.override("en"):
            en = str(self.message)
        data = {"code": self.code, "message": str(self.message), "message_vi": vi, "message_en": en}
        if self.field:
            data["field"] = self.field
        return data

    def __str__(self):
        return str(self.message)


class InvalidInput(DomainError):
    """The request is missing something or has something wrong (400)."""

    code = "invalid"
    http_status = 400


class NotPermitted(DomainError):
    """The actor's role or agency may not do this (403)."""

    code = "forbidden"
    http_status = 403


class NotFound(DomainError):
    """Not there for this actor, or not served by this portal (404): the same answer as a wrong code."""

    code = "not_found"
    http_status = 404


class StateConflict(DomainError):
    """The filing's current state does not allow this step (409)."""

    code = "invalid_state"
    http_status = 409


class ConditionNotMet(StateConflict):
    """The state allows the step but a rule of the one-stop shop is not met yet (409)."""

    code = "condition_not_met"


class LockedOut(DomainError):
    """Too many failed sign-ins for this user name or from this address: locked for the cool-off (429)."""

    code = "locked_out"
    http_status = 429

    def __init__(self, minutes=None):
        if minutes is None:  # the cool-off of the policy in settings
            minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
        super().__init__(
            lazy_format(
                _(
                    "Tạm khoá đăng nhập vì sai quá nhiều lần; hãy thử lại sau %(minutes)s phút. / "
                    "Signing in is locked after too many failed attempts; try again in %(minutes)s minutes."
                ),
                minutes=minutes,
            )
        )
        self.minutes = minutes
