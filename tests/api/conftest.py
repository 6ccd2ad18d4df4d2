"""A small world for the API: two agencies, a full-process and a partial procedure, every role."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from services.constants import OnlineLevel
from tests.builders import CAST, cast
from tests.factories import AgencyFactory, ProcedureFactory
from tests.payments.conftest import platform  # noqa: F401  (the mock Payment Platform over live HTTP)

# Who calls: nobody signed in, then everyone a rule can name.
ROLES = ("anonymous", *CAST)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    agency = AgencyFactory()
    other = AgencyFactory(province=agency.province)
    return {
        "agency": agency,
        "other_agency": other,
        "procedure": ProcedureFactory(agency=agency, online_level=OnlineLevel.FULL),
        "partial": ProcedureFactory(agency=agency, online_level=OnlineLevel.PARTIAL, processing_days=5),
        "anonymous": None,
        **cast(agency, other),
    }


def client_for(user, language=None):
    """An API client as a mobile app would be: token in the Authorization header, no session."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


@pytest.fixture
def as_(world):
    """``as_("desk")`` → a client signed in as that member of the world."""
    return lambda role, language=None: client_for(world[role], language)
