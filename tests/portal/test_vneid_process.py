"""The mock VNeID also runs as its own process (``run_mock_vneid``); the portal signs a citizen in through it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from django.db import connection
from django.test import Client
from django.urls import reverse

from services.models import User
from tests.portal.test_http_flows import PERSONAL_ID, _consent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def vneid_process(settings):
    db = connection.settings_dict
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_mock_vneid", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        settings.VNEID_ISSUER = f"http://127.0.0.1:{port}"
        yield settings.VNEID_ISSUER
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_citizen_signs_in_through_the_mock_vneid_running_as_its_own_process(vneid_process):
    client = Client()
    start = client.get(reverse("portal:vneid_start"))
    assert start["Location"].startswith(f"{vneid_process}/authorize?")
    with requests.Session() as browser:
        callback = urlparse(_consent(browser, start["Location"], PERSONAL_ID))
    client.get(f"{callback.path}?{callback.query}")
    assert int(client.session["_auth_user_id"]) == User.objects.get(personal_id=PERSONAL_ID).pk
