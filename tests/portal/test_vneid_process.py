"""The mock VNeID also runs as its own process (``run_mock_vneid``); the portal signs a citizen in through it."""

from urllib.parse import urlparse

import pytest
import requests
from django.test import Client
from django.urls import reverse

from services.models import User
from tests.portal.test_http_flows import PERSONAL_ID, _consent
from tests.processes import serving

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vneid_process(settings):
    with serving("run_mock_vneid") as port:
        settings.VNEID_ISSUER = f"http://127.0.0.1:{port}"
        yield settings.VNEID_ISSUER


def test_citizen_signs_in_through_the_mock_vneid_running_as_its_own_process(vneid_process):
    client = Client()
    start = client.get(reverse("portal:vneid_start"))
    assert start["Location"].startswith(f"{vneid_process}/authorize?")
    with requests.Session() as browser:
        callback = urlparse(_consent(browser, start["Location"], PERSONAL_ID))
    client.get(f"{callback.path}?{callback.query}")
    assert int(client.session["_auth_user_id"]) == User.objects.get(personal_id=PERSONAL_ID).pk
