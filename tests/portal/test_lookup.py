"""Tra cứu hồ sơ: a filing's status by its code and the key printed on the receipt, without signing in.

A wrong key answers exactly what a wrong code answers; tries are throttled per address, page and API
together; the key is on the receipt slip (page and signed PDF's template) and on the filing page."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from services import lookup
from services.constants import FilingStatus as S
from services.models import Filing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def received(world):
    return world.filing(S.RECEIVED)


def _ask(client, code, key):
    return client.post(reverse("portal:lookup"), {"code": code, "key": key})


def _body(response):
    """The answer without what differs by the request itself (the CSRF token, the code echoed back)."""
    html = response.content.decode()
    start = html.index("<main")
    return html[start : html.index("</main>")].split('name="csrfmiddlewaretoken"')[0]


def test_every_filing_has_its_own_random_key(world):
    keys = {world.filing(S.DRAFT).lookup_key for _ in range(5)}
    assert len(keys) == 5 and all(len(k) == 6 and k.isalnum() and k.isupper() for k in keys)


def test_the_right_code_and_key_show_the_status_without_signing_in(client, received):
    response = _ask(client, received.code, received.lookup_key.lower())  # typed in lower case: same key
    assert response.status_code == 200
    result = response.context["result"]
    assert result["status"] == S.RECEIVED and result["procedure"] == received.procedure.name
    assert result["agency"] == received.agency.name and result["due_date"] == received.due_date
    assert result["next_step"] and result["applicant"] == lookup.mask_name(received.applicant_name)
    html = response.content.decode()
    assert received.applicant_personal_id not in html and received.applicant_name not in html


def test_a_wrong_key_answers_exactly_as_a_wrong_code(client, received):
    wrong_key = _ask(client, received.code, "ZZZZZZ" if received.lookup_key != "ZZZZZZ" else "YYYYYY")
    wrong_code = _ask(
        client, received.code[:-1] + ("A" if received.code[-1] != "A" else "B"), received.lookup_key
    )
    assert wrong_key.status_code == wrong_code.status_code == 404
    assert wrong_key.context["result"] is wrong_code.context["result"] is None
    assert _body(wrong_key).replace(received.code, "") == _body(wrong_code).replace(
        wrong_code.context["code"], ""
    )
    api = APIClient()
    a = api.post("/api/v1/lookup/", {"code": received.code, "key": "ZZZZZ9"}, format="json")
    b = api.post("/api/v1/lookup/", {"code": "KHONG-CO", "key": received.lookup_key}, format="json")
    same = lambda body: {k: v for k, v in body.items() if k != "request_id"}  # noqa: E731 - each request has its id
    assert a.status_code == b.status_code == 404 and same(a.json()) == same(b.json())


def test_a_draft_is_not_found(client, world):
    draft = world.filing(S.DRAFT)
    assert _ask(client, draft.code, draft.lookup_key).status_code == 404


def test_the_api_twin_answers_the_same_status(received):
    answer = APIClient().post(
        "/api/v1/lookup/", {"code": received.code, "key": received.lookup_key}, format="json"
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == S.RECEIVED and body["code"] == received.code
    assert set(body) == {"code", "status", "status_label", "procedure", "agency", "submitted_at", "due_date",
                         "next_step", "applicant"}  # fmt: skip
    assert APIClient().post("/api/v1/lookup/", {"code": received.code}, format="json").status_code == 400


def test_tries_are_throttled_per_address_page_and_api_together(client, received, settings):
    settings.LOOKUP_RATE = "3/min"
    assert _ask(client, received.code, "AAAAAA").status_code == 404
    assert _ask(client, received.code, "BBBBBB").status_code == 404
    api = APIClient()
    assert (
        api.post("/api/v1/lookup/", {"code": received.code, "key": "CCCCCC"}, format="json").status_code
        == 404
    )
    # the fourth try, even with the right key, waits
    blocked = _ask(client, received.code, received.lookup_key)
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) >= 1
    assert blocked.context["result"] is None
    again = api.post("/api/v1/lookup/", {"code": received.code, "key": received.lookup_key}, format="json")
    assert again.status_code == 429
    # another address is not held back; showing the form is not a try
    assert client.get(reverse("portal:lookup")).status_code == 200
    other = client.post(reverse("portal:lookup"), {"code": received.code, "key": received.lookup_key},
                        REMOTE_ADDR="10.0.0.9")  # fmt: skip
    assert other.status_code == 200


def test_the_key_is_printed_on_the_receipt_and_shown_on_the_filing_page(client, world, received):
    client.force_login(world.applicant)
    slip = client.get(reverse("portal:receipt_slip", args=[received.code])).content.decode()
    assert received.lookup_key in slip and "/lookup/" in slip
    page = client.get(reverse("portal:filing", args=[received.code])).content.decode()
    assert f'id="lookup-key">{received.lookup_key}<' in page


def test_the_signed_receipts_template_prints_the_key(world, received):
    from django.template.loader import render_to_string

    html = render_to_string(
        "documents/pdf/receipt.html",
        {"filing": received, "agency": received.agency, "documents": [], "lookup_url": "http://x/lookup/"},
    )
    assert f"Mã tra cứu: <b>{received.lookup_key}</b>" in html and "http://x/lookup/" in html


def test_the_migration_backfills_a_key_per_existing_filing(world):
    filings = [world.filing(S.SUBMITTED) for _ in range(3)]
    Filing.objects.update(lookup_key="")  # as the field's first operation leaves existing rows
    backfill = importlib.import_module("services.migrations.0008_filing_lookup_key").backfill
    backfill(django_apps, SimpleNamespace(connection=connection))
    keys = list(Filing.objects.filter(pk__in=[f.pk for f in filings]).values_list("lookup_key", flat=True))
    assert len(set(keys)) == 3 and all(len(k) == 6 for k in keys)


def test_a_filing_without_a_key_is_never_found(client, received):
    Filing.objects.filter(pk=received.pk).update(lookup_key="")  # as a row written by raw SQL has it
    assert _ask(client, received.code, "").status_code == 404
    assert _ask(client, received.code, "------").status_code == 404
