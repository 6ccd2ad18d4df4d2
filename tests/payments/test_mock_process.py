"""The mock platform also runs as its own process (``run_mock_payment``) and talks to the portal over HTTP."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from payments import services
from payments.constants import PaymentStatus
from tests.payments.conftest import FEE, Platform, credited, reload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PORT = 18150
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mock_process(live_server, settings):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "SITE_URL": live_server.url,
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_mock_payment", "--port", str(PORT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        settings.SITE_URL = live_server.url
        settings.PAYMENT_PLATFORM_URL = f"http://127.0.0.1:{PORT}/"
        yield Platform(settings.PAYMENT_PLATFORM_URL)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_applicant_pays_through_the_mock_running_as_its_own_process(world, mock_process):
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    assert payment.payment_url.startswith(f"http://127.0.0.1:{PORT}/pay/")
    page = mock_process.come_back(mock_process.pay(payment.order_id))
    assert page.status_code == 200
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE
