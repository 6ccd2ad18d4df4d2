"""A closed period's index replays: changing the catalog after the period (a procedure re-levelled, its fee
changed, moved to another agency) leaves the period's index as it was; the period after follows the change."""

import datetime as dt

import pytest

from portal.reports.metrics import Period, Scope
from serviceindex import compute as index
from services.constants import OnlineLevel
from tests.factories import AgencyFactory, ProcedureFactory
from tests.reports.conftest import at, local

MARCH = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
MAY = Period(dt.date(2024, 5, 1), dt.date(2024, 5, 31))

pytestmark = pytest.mark.django_db


def _counts(result, key):
    found = next(i for g in result["groups"] for i in g["indicators"] if i["key"] == key)
    return found["numerator"], found["denominator"]


def test_a_catalog_change_after_the_period_leaves_its_index_unchanged():
    with at(local(dt.date(2024, 1, 2))):
        online = ProcedureFactory(online_level=OnlineLevel.FULL, fee=20_000)
        ProcedureFactory(agency=online.agency, online_level=OnlineLevel.NONE)
    scope = Scope.for_province(online.province)
    march = index.compute(scope, MARCH)
    assert _counts(march, "online_services") == (1, 2)
    with at(local(dt.date(2024, 4, 10))):  # after March: off line, no fee, another agency
        online.online_level, online.fee = OnlineLevel.NONE, 0
        online.agency = AgencyFactory(province=online.province)
        online.save()
    assert index.compute(scope, MARCH) == march
    may = index.compute(scope, MAY)
    assert _counts(may, "online_services") == (0, 2)
    assert _counts(may, "fee_procedures_paid_online") == (0, 0)
