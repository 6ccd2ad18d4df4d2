"""The client's address, decided once: the sign-in lockout and the API's throttles count by it.

Without a proxy (``PROXY_COUNT=0``) it is the peer's address. Behind ``PROXY_COUNT`` reverse proxies that
each append the address they saw to ``X-Forwarded-For``, it is the entry the outermost proxy added; the
entries before it are the client's own claims and are never trusted. This is DRF's ``NUM_PROXIES`` rule.
"""

from django.conf import settings


def client_address(request):
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = settings.PROXY_COUNT
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")
