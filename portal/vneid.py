"""The portal's side of sign-in with VNeID: an OpenID Connect client (Authlib), built from settings.

The client is made per request so that a changed ``VNEID_ISSUER`` (tests, a provider on its own port) is
taken without a restart; Authlib caches nothing across clients here but the discovery document it fetches.
"""

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.urls import reverse


def client():
    oauth = OAuth()
    return oauth.register(
        name="vneid",
        client_id=settings.VNEID_CLIENT_ID,
        client_secret=settings.VNEID_CLIENT_SECRET,
        server_metadata_url=f"{settings.VNEID_ISSUER}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid", "timeout": 10},
    )


def redirect_uri():
    """The callback the portal registered with VNeID; one fixed address, as a real provider requires."""
    return settings.VNEID_REDIRECT_URI or settings.SITE_URL.rstrip("/") + reverse("portal:vneid_callback")
