"""Sign-in lockout (django-axes): repeated failures for a user or an address lock the door for a cool-off.

The page answers a lockout page in the site's layout, the API's token endpoint a 429 in the error shape,
the Django admin's sign-in the same page; VNeID sign-in is not a password and is never locked out.
"""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, citizen

pytestmark = pytest.mark.django_db
PASSWORD = "dung-Mat-khau-2026"


@pytest.fixture
def user(db):
    person = UserFactory(username="nguoidung", is_staff=True, is_superuser=True)
    person.set_password(PASSWORD)
    person.save()
    return person


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("portal:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _token(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def _fail(n, client, username, address="10.0.0.1"):
    return [_login(client, username, "sai-mat-khau", address).status_code for _ in range(n)]


def test_the_policy_comes_from_settings_with_sensible_defaults():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE


def test_fifty_wrong_passwords_then_the_right_one_does_not_sign_in(client, user):
    statuses = _fail(50, client, user.username)
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}
    answer = _login(client, user.username, PASSWORD)
    assert answer.status_code == 429 and "_auth_user_id" not in client.session
    page = answer.content.decode()
    assert (
        '<header class="usa-header' in page and 'id="lockout"' in page
    )  # the site's layout, not axes' bare text
    assert "15" in page  # says how long


def test_a_user_is_locked_out_from_any_address(client, user):
    for n in range(5):
        _login(Client(), user.username, "sai", address=f"10.0.1.{n}")
    assert _login(Client(), user.username, PASSWORD, address="10.0.2.1").status_code == 429


def test_an_address_is_locked_out_for_every_user(client, user):
    for n in range(5):
        _login(client, f"khong-co-{n}", "sai", address="10.0.3.1")
    assert _login(client, user.username, PASSWORD, address="10.0.3.1").status_code == 429
    assert _login(Client(), user.username, PASSWORD, address="10.0.3.2").status_code == 302


def test_the_lockout_clears_after_the_cool_off(client, user):
    from axes.models import AccessAttempt

    _fail(5, client, user.username)
    assert _login(client, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, user.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_token_endpoint_locks_out_with_a_429_in_the_error_shape(client, user, language):
    statuses = [_token(client, user.username, "sai").status_code for _ in range(5)]
    assert statuses == [400] * 4 + [429]
    answer = _token(client, user.username, PASSWORD, HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 429 and "token" not in answer.json()
    body = answer.json()
    assert body["code"] == "locked_out"
    assert "15" in body["message_vi"] and "15" in body["message_en"]
    assert body["message"] == body[f"message_{language}"] and body["message_vi"] != body["message_en"]


def test_failures_on_the_page_lock_the_api_and_the_admin_too(client, user):
    _fail(5, client, user.username)
    assert _token(client, user.username, PASSWORD).status_code == 429
    admin = client.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert admin.status_code == 429 and 'id="lockout"' in admin.content.decode()


def test_the_admin_sign_in_counts_failures(client, user):
    for _ in range(5):
        client.post(
            reverse("admin:login"), {"username": user.username, "password": "sai"}, REMOTE_ADDR="10.0.0.9"
        )
    assert _login(client, user.username, PASSWORD, address="10.0.0.8").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_vneid_sign_in_is_not_locked_out_by_password_failures(live_server, settings):
    import requests

    from tests.portal.test_http_flows import _consent

    settings.VNEID_ISSUER = f"{live_server.url}/mock-vneid"
    person = citizen(7)
    browser = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(6):
        _login(browser, person.username, "sai", address="127.0.0.1")
    assert _login(browser, person.username, "sai", address="127.0.0.1").status_code == 429
    with requests.Session() as vneid:
        start = browser.get(reverse("portal:vneid_start"))
        callback = urlparse(_consent(vneid, start["Location"], person.personal_id))
        landed = browser.get(f"{callback.path}?{callback.query}")
    assert landed.status_code == 302 and int(browser.session["_auth_user_id"]) == person.pk
