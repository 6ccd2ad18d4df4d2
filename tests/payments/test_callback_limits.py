"""The callback endpoints refuse big bodies before storing anything and throttle each address."""

import pytest
from django.core.cache import cache
from django.test import Client

from payments.models import PlatformMessage

pytestmark = pytest.mark.django_db
ENDPOINTS = ["/payments/callback/", "/api/v1/payments/callback/"]


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _post(path, body, address="203.0.113.7", **extra):
    return Client().post(path, body, content_type="application/json", REMOTE_ADDR=address, **extra)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_big_body_is_refused_with_413_and_nothing_is_stored(path):
    answer = _post(path, '{"order_id": "' + "x" * 2_400_000 + '"}')
    assert answer.status_code == 413
    body = answer.json()
    assert body["code"] == "too_large" and body["message_vi"] != body["message_en"]
    assert PlatformMessage.objects.count() == 0


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_just_over_the_limit_is_refused_and_one_at_the_limit_is_read(path, settings):
    settings.PAYMENT_CALLBACK_MAX_BYTES = 1000
    over = _post(path, '{"a": "' + "x" * 992 + '"}')
    assert over.status_code == 413 and PlatformMessage.objects.count() == 0
    at = _post(path, '{"a": "' + "x" * 991 + '"}')
    assert at.status_code == 400 and at.json()["code"] in ("01", "06")  # read, stored, refused
    assert PlatformMessage.objects.count() == 1


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_lying_content_length_is_caught_on_the_read_body(path, settings):
    settings.PAYMENT_CALLBACK_MAX_BYTES = 1000
    answer = _post(path, "x" * 5000, CONTENT_LENGTH="10")
    # the server reads as many bytes as Content-Length says: what it stores is bounded by the limit
    assert answer.status_code in (400, 413)
    assert all(len(m.body) <= 1000 for m in PlatformMessage.objects.all())
    missing = _post(path, "x" * 5000, CONTENT_LENGTH="abc")
    assert missing.status_code in (400, 413)


def test_a_stored_message_is_bounded_in_size(settings):
    settings.PAYMENT_CALLBACK_MAX_BYTES = 1000
    _post(ENDPOINTS[0], "{}", HTTP_USER_AGENT="u" * 10_000)
    message = PlatformMessage.objects.get()
    assert len(message.body) <= 1000 and sum(len(v) for v in message.headers.values()) <= 2000


@pytest.mark.parametrize("path", ENDPOINTS)
def test_callbacks_are_throttled_per_address(path, settings):
    settings.PAYMENT_CALLBACK_RATE = "3/min"
    statuses = [_post(path, "{}").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    refused = _post(path, "{}")
    assert refused.json()["code"] == "throttled" and "Retry-After" in refused
    assert _post(path, "{}", address="203.0.113.8").status_code == 400  # another address is not held up
    assert PlatformMessage.objects.count() == 4
