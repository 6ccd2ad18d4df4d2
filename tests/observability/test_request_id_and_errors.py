"""The request id in the response and in every log line; faults answered in the API's error shape (JSON on
/api/, a bilingual page elsewhere), a database outage as 503 with Retry-After, no traceback on a page."""

import re

import pytest
from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as project_urls
from observability.logs import mask_personal_ids

pytestmark = pytest.mark.django_db
HEX = re.compile(r"[0-9a-f]{32}")


def _crash(request):
    raise ZeroDivisionError("boom 086090000001 secret-traceback-marker")


def _database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


urlpatterns = [
    path("api/v1/test-crash/", _crash),
    path("api/v1/test-db-down/", _database_down),
    path("test-crash/", _crash),
    path("test-db-down/", _database_down),
    *project_urls,
]
handler500 = "observability.errors.handler500"


@pytest.fixture
def faulty(settings):
    settings.ROOT_URLCONF = __name__


def test_a_sane_request_id_is_kept_and_returned_an_odd_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42:1")["X-Request-ID"] == "lb-7f3a.42:1"
    for odd in ("", "has space", 'quote"d', "x" * 65, "ä-unicode", "-leading-dash"):
        returned = client.get("/healthz", HTTP_X_REQUEST_ID=odd)["X-Request-ID"]
        assert HEX.fullmatch(returned), (odd, returned)
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_every_log_line_of_a_request_carries_its_id_and_no_personal_id(client, log_lines, faulty):
    with log_lines() as lines:
        response = client.get("/no-such-page/086090000001/", HTTP_X_REQUEST_ID="req-404-test")
        crashed = client.get("/api/v1/test-crash/", HTTP_X_REQUEST_ID="req-500-test")
    assert response.status_code == 404 and crashed.status_code == 500
    by_id = {line["request_id"]: line for line in lines}
    assert by_id["req-404-test"]["level"] == "WARNING"
    assert by_id["req-404-test"]["message"] == "Not Found: /no-such-page/************/"
    assert by_id["req-500-test"]["level"] == "ERROR"
    assert "ZeroDivisionError" in by_id["req-500-test"]["exc_info"]
    assert all(set(line) >= {"time", "level", "logger", "message", "request_id"} for line in lines)
    assert "086090000001" not in repr(lines)


def test_the_mask_leaves_other_numbers_alone():
    assert mask_personal_ids("q=086090000001&page=2") == "q=************&page=2"
    assert mask_personal_ids("q=%20086090000001") == "q=%20************"
    assert mask_personal_ids("order 1234567890123 filing HCM-2026-000123") == (
        "order 1234567890123 filing HCM-2026-000123"
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_api_crash_answers_500_in_the_error_shape_with_the_request_id(client, faulty, language):
    response = client.get("/api/v1/test-crash/", HTTP_X_REQUEST_ID="crash-1", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"code", "message", "message_vi", "message_en", "request_id"}
    assert body["code"] == "server_error" and body["request_id"] == "crash-1"
    assert body["message"] == body[f"message_{language}"]
    assert "boom" not in response.content.decode()


def test_an_api_crash_is_json_even_with_debug_on(client, faulty, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/test-crash/")
    assert response.status_code == 500 and response.json()["code"] == "server_error"


def test_a_database_outage_answers_503_with_retry_after_on_the_api_and_on_pages(client, faulty):
    api = client.get("/api/v1/test-db-down/", HTTP_X_REQUEST_ID="db-down-1")
    assert api.status_code == 503 and api["Retry-After"] == "5"
    assert api.json()["code"] == "service_unavailable" and api.json()["request_id"] == "db-down-1"
    page = client.get("/test-db-down/", HTTP_X_REQUEST_ID="db-down-2")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    html = page.content.decode()
    assert "Tạm thời gián đoạn / Temporarily unavailable" in html and "db-down-2" in html
    assert "5432" not in html


def test_a_page_crash_shows_a_bilingual_page_with_the_request_id_and_no_traceback(client, faulty):
    client.raise_request_exception = False
    response = client.get("/test-crash/", HTTP_X_REQUEST_ID="page-crash-1")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống / Server error" in html and "page-crash-1" in html
    assert "secret-traceback-marker" not in html and "Traceback" not in html


def test_every_api_error_carries_the_request_id_its_header_and_log_lines_carry(client, django_user_model):
    from tests.factories import citizen

    token_user = citizen(1)
    client.force_login(token_user)
    answers = {
        "not found": client.get("/api/v1/filings/NO-SUCH-CODE/", HTTP_X_REQUEST_ID="req-api-404"),
        "bad body": client.post(
            "/api/v1/filings/", "{not json", content_type="application/json", HTTP_X_REQUEST_ID="req-api-400"
        ),
        "bad parameter": client.get("/api/v1/procedures/?page=abc", HTTP_X_REQUEST_ID="req-api-param"),
    }
    for what, response in answers.items():
        assert 400 <= response.status_code < 500, (what, response.status_code)
        body = response.json()
        assert body["request_id"] == response["X-Request-ID"], (what, body)
        assert set(body) >= {"code", "message", "message_vi", "message_en", "request_id"}, what
