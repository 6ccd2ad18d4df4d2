"""No N+1: the lists and the detail cost the same few queries however many rows they show."""

import pytest

from payments.constants import PaymentChannel
from payments.models import Payment
from services.constants import FilingStatus as S
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory

ROWS = 30


@pytest.fixture
def busy_agency(world):
    """ROWS filings of the agency in states that cover the desk's, specialist's and leader's queues."""
    states = [S.SUBMITTED, S.RECEIVED, S.IN_REVIEW, S.AWAITING_APPROVAL, S.APPROVED, S.DRAFT]
    for n in range(ROWS):
        drive(new_draft(world["procedure"], world["applicant"]), states[n % len(states)], world)
    return world


@pytest.mark.parametrize("role", ["applicant", "desk", "admin"])
def test_listing_many_filings_costs_a_constant_number_of_queries(
    busy_agency, as_, role, django_assert_max_num_queries
):
    client = as_(role)
    with django_assert_max_num_queries(5):  # token+user, groups, count, page
        response = client.get("/api/v1/filings/")
    assert len(response.json()["results"]) == ROWS


@pytest.mark.parametrize("role", ["desk", "specialist", "leader"])
def test_the_queue_costs_a_constant_number_of_queries(busy_agency, as_, role, django_assert_max_num_queries):
    client = as_(role)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/queue/")
    assert len(response.json()["results"]) == ROWS // 6 * (2 if role != "leader" else 1)


def test_the_catalog_costs_a_constant_number_of_queries(world, as_, django_assert_max_num_queries):
    for _ in range(ROWS):
        ProcedureFactory(agency=AgencyFactory(province=world["agency"].province))
    with django_assert_max_num_queries(3):  # count, page, required documents
        response = as_("anonymous").get("/api/v1/procedures/")
    assert response.json()["count"] == ROWS + 2


def test_a_filing_with_a_long_history_costs_a_constant_number_of_queries(
    world, as_, django_assert_max_num_queries
):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.RESULT_RETURNED, world)
    client = as_("applicant")
    with django_assert_max_num_queries(7):  # token+user, groups, filing, 4 prefetches
        response = client.get(f"/api/v1/filings/{filing.code}/")
    assert len(response.json()["events"]) == 6


def test_a_filings_many_payments_cost_a_constant_number_of_queries(world, as_, django_assert_max_num_queries):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    for _ in range(ROWS):  # abandoned online orders pile up on one filing
        Payment.objects.create(filing=filing, channel=PaymentChannel.ONLINE, amount=150_000)
    client = as_("applicant")
    with django_assert_max_num_queries(5):  # token+user, groups, filing, count, page
        response = client.get(f"/api/v1/filings/{filing.code}/payments/")
    assert response.json()["count"] == ROWS
