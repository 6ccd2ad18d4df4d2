"""A small agency with a fee procedure, a citizen and the three officials, signed in through the client."""

import os

import pytest

from services.constants import OnlineLevel, Role
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official


class World:
    def __init__(self):
        self.agency = AgencyFactory(code="UBND-X")
        self.procedure = ProcedureFactory(
            agency=self.agency,
            name="Đăng ký thành lập hộ kinh doanh",
            field="Thành lập và hoạt động của hộ kinh doanh",
            fee=100_000,
            online_level=OnlineLevel.FULL,
        )
        self.other_agency = AgencyFactory()
        self.actors = {
            "applicant": citizen(1),
            "desk": official(Role.DESK, self.agency),
            "specialist": official(Role.SPECIALIST, self.agency),
            "leader": official(Role.LEADER, self.agency),
        }
        self.applicant = self.actors["applicant"]

    def filing(self, state, **kw):
        return drive(new_draft(self.procedure, self.applicant), state, self.actors)


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# --- browser tests ----------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium; without it they are skipped, unless CI requires them."""
    if os.path.exists(CHROMIUM) or REQUIRE_SERVICES:
        return
    skip = pytest.mark.skip(reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
