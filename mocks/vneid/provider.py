"""The provider's logic: the signing key, codes, ID tokens (RS256, the 12-digit personal ID as ``sub``).

Clients are configured in settings (``MOCK_VNEID_CLIENTS``: client id -> secret; ``MOCK_VNEID_REDIRECT_URIS``:
client id -> registered redirect URIs); the mock needs nothing else of ours.
"""

import secrets
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import RSAKey

from mocks.vneid.models import AuthorizationCode, Identity, SigningKey

TOKEN_TTL = 600  # seconds


def signing_key():
    """The one private key; the first process to need it makes it (the unique kid settles a race)."""
    key = SigningKey.objects.order_by("created_at").first()
    if key is None:
        jwk = RSAKey.generate_key(2048).as_dict(private=True)
        kid = secrets.token_hex(8)
        jwk["kid"] = kid
        key, _ = SigningKey.objects.get_or_create(kid=kid, defaults={"private_jwk": jwk})
    return key


def public_jwks():
    stored = signing_key()
    public = RSAKey.import_key(stored.private_jwk).as_dict(private=False)
    public.update({"kid": stored.kid, "use": "sig", "alg": "RS256"})
    return {"keys": [public]}


def client_secret(client_id):
    return settings.MOCK_VNEID_CLIENTS.get(client_id)


def redirect_uris(client_id):
    """The client's registered redirect URIs. The portal's own client, when none are listed, has the portal's
    callback (``VNEID_REDIRECT_URI``, or ``SITE_URL`` + ``VNEID_CALLBACK_PATH``), read at each request."""
    listed = settings.MOCK_VNEID_REDIRECT_URIS.get(client_id) or []
    if listed or client_id != settings.VNEID_CLIENT_ID:
        return list(listed)
    return [settings.VNEID_REDIRECT_URI or settings.SITE_URL.rstrip("/") + settings.VNEID_CALLBACK_PATH]


def is_registered(client_id, redirect_uri):
    """Simple string comparison, as OpenID Connect Core (3.1.2.1) requires: no prefix, no pattern."""
    return redirect_uri in redirect_uris(client_id)


def issue_code(*, personal_id, full_name, client_id, redirect_uri, nonce=""):
    identity, _ = Identity.objects.update_or_create(
        personal_id=personal_id, defaults={"full_name": full_name}
    )
    return AuthorizationCode.objects.create(
        identity=identity, client_id=client_id, redirect_uri=redirect_uri, nonce=nonce or ""
    )


class TokenError(Exception):
    def __init__(self, error):
        super().__init__(error)
        self.error = error


def exchange_code(*, code, client_id, secret, redirect_uri, issuer):
    """Trade a code for an ID token, once; the client, its secret and the redirect URI must match."""
    if (
        not client_id
        or client_secret(client_id) is None
        or not secrets.compare_digest(client_secret(client_id), secret or "")
    ):
        raise TokenError("invalid_client")
    with transaction.atomic():
        grant = (
            AuthorizationCode.objects.select_for_update()
            .select_related("identity")
            .filter(code=code or "")
            .first()
        )
        if grant is None or grant.used_at or grant.expired:
            raise TokenError("invalid_grant")
        if grant.client_id != client_id or grant.redirect_uri != redirect_uri:
            raise TokenError("invalid_grant")
        grant.used_at = timezone.now()
        grant.save(update_fields=["used_at"])
    now = int(time.time())
    claims = {
        "iss": issuer,
        "sub": grant.identity.personal_id,
        "aud": client_id,
        "iat": now,
        "exp": now + TOKEN_TTL,
        "name": grant.identity.full_name,
    }
    if grant.nonce:
        claims["nonce"] = grant.nonce
    key = signing_key()
    id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, RSAKey.import_key(key.private_jwk))
    return {
        "access_token": secrets.token_urlsafe(24),
        "token_type": "Bearer",
        "expires_in": TOKEN_TTL,
        "id_token": id_token,
        "scope": "openid",
    }
