"""A world with a fee filing, and the mock Payment Platform reached over real HTTP through the live server."""

import pytest
import requests

from payments.models import Payment
from services.constants import FilingStatus, OnlineLevel, Role
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official

FEE = 150_000


class Platform:
    """The test's hands on the mock platform: the operator's switches and the applicant's browser."""

    def __init__(self, base):
        self.base = base
        self.browser = requests.Session()

    def set_faults(self, *faults, order_id=None):
        path = f"api/orders/{order_id}/faults" if order_id else "api/faults"
        requests.post(self.base + path, json={"faults": list(faults)}, timeout=10).raise_for_status()

    def pay(self, order_id, action="pay"):
        """The applicant pays (or cancels); returns the URL the browser is sent back to."""
        answer = requests.post(self.base + f"api/orders/{order_id}/pay", json={"action": action}, timeout=30)
        answer.raise_for_status()
        return answer.json()["return_url"]

    def deliver(self, order_id=None):
        answer = requests.post(self.base + "api/deliver", json={"order_id": order_id}, timeout=30)
        return answer.json()

    def callbacks(self, order_id):
        answer = requests.get(self.base + f"api/orders/{order_id}/callbacks", timeout=10)
        return answer.json()["callbacks"]

    def come_back(self, return_url):
        return self.browser.get(return_url, timeout=30)


@pytest.fixture
def platform(live_server, settings):
    settings.SITE_URL = live_server.url
    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/mock-payment/"
    platform = Platform(settings.PAYMENT_PLATFORM_URL)
    yield platform
    platform.browser.close()  # no keep-alive server thread outlives the test


class World:
    def __init__(self, online_level):
        self.agency = AgencyFactory()
        self.procedure = ProcedureFactory(agency=self.agency, fee=FEE, online_level=online_level)
        self.free_procedure = ProcedureFactory(agency=self.agency, fee=0, online_level=online_level)
        self.actors = {
            "applicant": citizen(1),
            "desk": official(Role.DESK, self.agency),
            "specialist": official(Role.SPECIALIST, self.agency),
            "leader": official(Role.LEADER, self.agency),
        }
        self.applicant = self.actors["applicant"]
        self.desk = self.actors["desk"]

    def filing(self, state=FilingStatus.SUBMITTED, procedure=None):
        return drive(new_draft(procedure or self.procedure, self.applicant), state, self.actors)


@pytest.fixture
def world(db):
    return World(OnlineLevel.FULL)


@pytest.fixture
def partial_world(db):
    return World(OnlineLevel.PARTIAL)


def reload(obj):
    obj.refresh_from_db()
    return obj


def credited(filing):
    """What the portal believes was paid for the filing (paid payments, minus confirmed refunds)."""
    payments = Payment.objects.filter(filing=filing, status__in=["paid", "refunded"])
    return sum(p.amount - p.refunded_amount for p in payments)
