"""Passwords are hashed with Argon2; a PBKDF2 hash of an older account is rehashed when it signs in."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from services.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "dung-Mat-khau-2026"


def test_argon2_is_the_first_password_hasher():
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_new_password_is_hashed_with_argon2():
    user = UserFactory()
    user.set_password(PASSWORD)
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.parametrize("door", ["page", "api"])
def test_a_pbkdf2_hash_is_upgraded_to_argon2_on_sign_in(client, door):
    user = UserFactory(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert user.password.startswith("pbkdf2_sha256$")
    if door == "page":
        answer = client.post(reverse("portal:login"), {"username": user.username, "password": PASSWORD})
        assert answer.status_code == 302
    else:
        answer = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
        assert answer.status_code == 200 and answer.json()["token"]
    assert User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$")
