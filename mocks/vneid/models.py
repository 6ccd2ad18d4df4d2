"""The mock provider's own tables: the people it knows, the codes it handed out, its signing key."""

import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

CODE_TTL = timedelta(minutes=5)


def new_code():
    return secrets.token_urlsafe(32)


class Identity(models.Model):
    """A person known to the mock provider, by 12-digit personal ID (mã định danh cá nhân)."""

    personal_id = models.CharField(max_length=12, unique=True)
    full_name = models.CharField(max_length=200)

    def __str__(self):
        return self.personal_id


class AuthorizationCode(models.Model):
    """A one-time code of the authorization-code flow, bound to its client, redirect URI and nonce."""

    code = models.CharField(max_length=64, unique=True, default=new_code)
    identity = models.ForeignKey(Identity, on_delete=models.CASCADE)
    client_id = models.CharField(max_length=100)
    redirect_uri = models.URLField(max_length=500)
    nonce = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.code[:8]

    @property
    def expired(self):
        return timezone.now() > self.created_at + CODE_TTL


class SigningKey(models.Model):
    """The RSA key that signs ID tokens (JWK as JSON); made on first use, shared by every process."""

    kid = models.CharField(max_length=40, unique=True)
    private_jwk = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.kid
