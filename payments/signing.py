"""The Payment Platform's message signature: the published protocol both sides implement.

A message is a flat mapping of fields. Its canonical form is ``key=value`` pairs sorted by key and joined
with ``&`` (the ``signature`` field left out, values as text); the signature is the hex HMAC-SHA256 of that
form with the merchant's shared secret. Every message carries ``timestamp`` (Unix seconds), and a receiver
refuses one outside a tolerance window, so that a captured message cannot be replayed days later.

This module imports nothing of ours: it is what a platform's SDK would ship.
"""

import hashlib
import hmac
import time


class SignatureError(Exception):
    """The message is unsigned, signed with another key, altered, or too old."""


def canonical(fields):
    return "&".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "signature")


def sign(fields, secret):
    return hmac.new(secret.encode(), canonical(fields).encode(), hashlib.sha256).hexdigest()


def signed(fields, secret, *, now=None):
    """A copy of ``fields`` with a timestamp and its signature."""
    message = {**fields, "timestamp": int(now if now is not None else time.time())}
    message["signature"] = sign(message, secret)
    return message


def verify(message, secret, *, tolerance, now=None):
    """Check the signature (constant-time) and the timestamp; raise :class:`SignatureError` if not good."""
    if not secret:
        raise SignatureError("no shared secret configured")
    given = str(message.get("signature") or "")
    if not hmac.compare_digest(given.encode(), sign(message, secret).encode()):
        raise SignatureError("bad signature")
    try:
        stamp = int(message.get("timestamp"))
    except (TypeError, ValueError) as exc:
        raise SignatureError("no timestamp") from exc
    if abs((now if now is not None else time.time()) - stamp) > tolerance:
        raise SignatureError("timestamp outside tolerance")
