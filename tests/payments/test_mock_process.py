"""The mock platform also runs as its own process (``run_mock_payment``) and talks to the portal over HTTP."""

import pytest

from payments import services
from payments.constants import PaymentStatus
from tests.payments.conftest import FEE, Platform, credited, reload
from tests.processes import serving

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PORT = 18150


@pytest.fixture
def mock_process(live_server, settings):
    with serving("run_mock_payment", port=PORT, env={"SITE_URL": live_server.url}):
        settings.SITE_URL = live_server.url
        settings.PAYMENT_PLATFORM_URL = f"http://127.0.0.1:{PORT}/"
        yield Platform(settings.PAYMENT_PLATFORM_URL)


def test_applicant_pays_through_the_mock_running_as_its_own_process(world, mock_process):
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    assert payment.payment_url.startswith(f"http://127.0.0.1:{PORT}/pay/")
    page = mock_process.come_back(mock_process.pay(payment.order_id))
    assert page.status_code == 200
    assert reload(payment).status == PaymentStatus.PAID and credited(filing) == FEE
