import pytest

from services.constants import Role
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official
from tests.gateway.helpers import MockGateway

FAST = {
    "NATIONAL_GATEWAY_CONNECT_TIMEOUT": 1.0,
    "NATIONAL_GATEWAY_READ_TIMEOUT": 2.0,
    "NATIONAL_GATEWAY_BACKOFF_BASE": 0.05,
    "NATIONAL_GATEWAY_BACKOFF_CAP": 0.2,
    "NATIONAL_GATEWAY_LEASE_SECONDS": 10.0,
}


@pytest.fixture
def world(transactional_db):
    agency = AgencyFactory()
    return {
        "procedure": ProcedureFactory(agency=agency),
        "applicant": citizen(1),
        "desk": official(Role.DESK, agency),
        "specialist": official(Role.SPECIALIST, agency),
        "leader": official(Role.LEADER, agency),
        "admin": official(Role.ADMIN, None, is_superuser=True, is_staff=True),
    }


@pytest.fixture
def gateway(live_server, settings, transactional_db):
    """The mock gateway mounted in the live server; the portal delivers only when a test says so."""
    for name, value in FAST.items():
        setattr(settings, name, value)
    settings.NATIONAL_GATEWAY_URL = f"{live_server.url}/mock-gateway/"
    settings.MOCK_GATEWAY_PROVINCE_INBOUND_URL = f"{live_server.url}/gateway/inbound/filings/"
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = False
    mock = MockGateway(settings.NATIONAL_GATEWAY_URL)
    mock.set_mode("ok")
    return mock
