"""The API's throttles: anonymous clients per address, signed-in ones per user (rates in settings)."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

THROTTLES = [AnonRateThrottle, UserRateThrottle]


class ApiThrottled:
    """Anonymous clients are throttled per address, signed-in ones per user (rates in settings)."""

    throttle_classes = THROTTLES
