"""The API's throttles: anonymous clients per address, signed-in ones per user (rates in settings)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from config.addresses import client_address

THROTTLES = [AnonRateThrottle, UserRateThrottle]


class ApiThrottled:
    """Anonymous clients are throttled per address, signed-in ones per user (rates in settings)."""

    throttle_classes = THROTTLES


class LookupThrottle(SimpleRateThrottle):
    """The public status lookup (page and API together), per client address at ``LOOKUP_RATE``: a key of
    30⁶ values cannot be guessed at 10 tries a minute."""

    scope = "lookup"

    def get_rate(self):
        return settings.LOOKUP_RATE

    def allow_request(self, request, view):
        if request.method != "POST":  # only a try (code and key posted) counts
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
