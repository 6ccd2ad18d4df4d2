"""The mock VNeID sends a code only to a redirect URI registered for the client, as a real provider must:
anything else gets a 400 page saying why, no redirect (no open redirector) and no code."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from mocks.vneid import provider
from mocks.vneid.models import AuthorizationCode
from portal import vneid

pytestmark = pytest.mark.django_db
CLIENT = "cong-dvc-tinh"
CONSENT = {"personal_id": "079203000321", "full_name": "Trần Văn Ba", "state": "s1", "nonce": "n1"}


def _authorize(client, redirect_uri, method="get", **extra):
    params = {"client_id": CLIENT, "redirect_uri": redirect_uri, "response_type": "code", **extra}
    return getattr(client, method)(reverse("mock_vneid:authorize"), params)


def test_the_portals_client_is_registered_with_the_portals_callback_under_site_url(settings):
    settings.SITE_URL = "https://dichvucong.example.vn"
    expected = "https://dichvucong.example.vn/login/vneid/callback/"
    assert provider.redirect_uris(CLIENT) == [expected] == [vneid.redirect_uri()]
    assert reverse("portal:vneid_callback") == settings.VNEID_CALLBACK_PATH


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://evil.example.com/login/vneid/callback/",
        "{registered}evil",  # a longer URI starting with the registered one
        "{registered}?next=https://evil.example.com/",
        "",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unregistered_redirect_uri_gets_a_400_page_and_no_code(client, redirect_uri, method):
    redirect_uri = redirect_uri.format(registered=vneid.redirect_uri())
    answer = _authorize(client, redirect_uri, method, **(CONSENT if method == "post" else {}))
    assert answer.status_code == 400 and "Location" not in answer
    page = answer.content.decode()
    assert "redirect_uri" in page and "not registered for this client" in page and "chưa được đăng ký" in page
    assert "href=" not in page and "http-equiv" not in page  # nothing links or refreshes to it
    assert not AuthorizationCode.objects.exists()


def test_an_unknown_client_gets_a_400_page(client):
    answer = client.get(
        reverse("mock_vneid:authorize"), {"client_id": "khac", "redirect_uri": vneid.redirect_uri()}
    )
    assert answer.status_code == 400 and "Unknown client_id" in answer.content.decode()


def test_the_registered_redirect_uri_gets_the_code(client):
    registered = vneid.redirect_uri()
    assert _authorize(client, registered).status_code == 200
    answer = _authorize(client, registered, "post", **CONSENT)
    assert answer.status_code == 302 and answer["Location"].startswith(f"{registered}?")
    code = AuthorizationCode.objects.get()
    assert parse_qs(urlparse(answer["Location"]).query) == {"code": [code.code], "state": ["s1"]}


def test_listed_redirect_uris_replace_the_default(client, settings):
    settings.MOCK_VNEID_REDIRECT_URIS = {CLIENT: ["https://a.example.vn/cb"]}
    assert _authorize(client, "https://a.example.vn/cb").status_code == 200
    assert _authorize(client, vneid.redirect_uri()).status_code == 400
