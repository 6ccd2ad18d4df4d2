"""Sign-in with the mock VNeID and online payment, over real HTTP against the live server."""

import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from mocks.vneid.models import AuthorizationCode
from payments.models import Payment
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import User
from tests.factories import citizen

pytestmark = pytest.mark.django_db(transaction=True)
PERSONAL_ID = "079203000321"


@pytest.fixture
def vneid(live_server, settings):
    settings.VNEID_ISSUER = f"{live_server.url}/mock-vneid"
    with requests.Session() as browser:
        yield browser


def _consent(browser, authorize_url, personal_id, name="Trần Văn Ba"):
    """The person, on the VNeID page, types their ID and consents; returns the portal callback URL."""
    page = browser.get(authorize_url, timeout=10)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.text))
    fields.update(csrfmiddlewaretoken=token, personal_id=personal_id, full_name=name)
    answer = browser.post(authorize_url.split("?")[0], data=fields, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    return answer.headers["Location"]


def test_vneid_sign_in_creates_the_citizen_by_personal_id_and_matches_them_next_time(vneid):
    client = Client()
    for _ in range(2):
        start = client.get(reverse("portal:vneid_start"))
        assert start.status_code == 302 and "/mock-vneid/authorize" in start["Location"]
        callback = urlparse(_consent(vneid, start["Location"], PERSONAL_ID))
        landed = client.get(f"{callback.path}?{callback.query}")
        assert landed.status_code == 302 and landed["Location"] == reverse("portal:start")
        user = User.objects.get(personal_id=PERSONAL_ID)
        assert int(client.session["_auth_user_id"]) == user.pk
        assert user.has_role(Role.CITIZEN) and (user.last_name, user.first_name) == ("Trần Văn", "Ba")
        client.post(reverse("portal:logout"))
    assert User.objects.filter(personal_id=PERSONAL_ID).count() == 1


def test_vneid_sign_in_matches_an_existing_citizen(vneid):
    known = citizen(5)
    client = Client()
    start = client.get(reverse("portal:vneid_start"))
    callback = urlparse(_consent(vneid, start["Location"], known.personal_id))
    client.get(f"{callback.path}?{callback.query}")
    assert int(client.session["_auth_user_id"]) == known.pk


def test_a_vneid_code_is_good_once_and_a_forged_state_is_refused(vneid):
    client = Client()
    start = client.get(reverse("portal:vneid_start"))
    callback = urlparse(_consent(vneid, start["Location"], PERSONAL_ID))
    forged = client.get(f"{callback.path}?code={parse_qs(callback.query)['code'][0]}&state=forged")
    assert forged["Location"] == reverse("portal:login") and "_auth_user_id" not in client.session
    # The code was not spent by the forged call; an attacker replaying it at the token endpoint fails
    # without the client secret.
    code = AuthorizationCode.objects.get()
    answer = vneid.post(
        f"{urlparse(start['Location']).scheme}://{urlparse(start['Location']).netloc}/mock-vneid/token",
        data={
            "grant_type": "authorization_code",
            "code": code.code,
            "client_id": "cong-dvc-tinh",
            "client_secret": "wrong",
            "redirect_uri": code.redirect_uri,
        },
        timeout=10,
    )
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"


def test_mock_vneid_publishes_its_discovery_and_keys(vneid, live_server):
    meta = vneid.get(f"{live_server.url}/mock-vneid/.well-known/openid-configuration", timeout=10).json()
    assert meta["issuer"] == f"{live_server.url}/mock-vneid"
    keys = vneid.get(meta["jwks_uri"], timeout=10).json()["keys"]
    assert keys[0]["kty"] == "RSA" and "d" not in keys[0]


def test_citizen_pays_online_through_the_mock_then_downloads_the_result(live_server, settings):
    from tests.portal.conftest import World

    settings.SITE_URL = live_server.url
    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/mock-payment/"
    world = World()
    filing = world.filing(S.APPROVED)
    client = Client()
    client.force_login(world.applicant)
    page = client.get(reverse("portal:filing", args=[filing.code])).content.decode()
    assert reverse("payments:start", args=[filing.code]) in page
    pay_url = client.post(reverse("payments:start", args=[filing.code]))["Location"]
    order = Payment.objects.get(filing=filing).order_id
    with requests.Session() as browser:
        answer = browser.post(
            f"{live_server.url}/mock-payment/api/orders/{order}/pay", json={"action": "pay"}, timeout=30
        )
        assert answer.status_code == 200 and pay_url.startswith(live_server.url)
        browser.get(answer.json()["return_url"], timeout=30)
    desk = Client()
    desk.force_login(world.actors["desk"])
    desk.post(reverse("portal:act", args=[filing.code, "return_result"]))
    filing.refresh_from_db()
    assert filing.status == S.RESULT_RETURNED
    result = client.get(reverse("portal:result", args=[filing.code]))
    assert result.status_code == 200 and result.content.startswith(b"%PDF-")
    assert filing.code in PdfReader(io.BytesIO(result.content)).pages[0].extract_text()  # a real, signed PDF
