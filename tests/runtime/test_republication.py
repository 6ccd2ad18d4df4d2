"""True figures after a catalog publication (issue 16): re-publishing an integrated procedure keeps the
acknowledgement the past periods counted, and the demo's seed is not re-published wholesale."""

import datetime as dt

import pytest

from demo.seed import seed_province
from portal.reports.metrics import Period, Scope, compute
from services.models import OutboxEvent, ProcedurePublication
from services.roles import ensure_role_groups
from services.sync import delivery, publication
from tests.reports.conftest import at, local
from tests.reports.test_seed import TINY

H1_2024 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
Q1_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def _integration(procedure, period):
    figures = compute(Scope.for_province(procedure.province), period)
    return figures["integrated_total"], figures["integration_rate"]


def test_a_re_publication_keeps_the_earlier_acknowledgement_for_the_periods_that_counted_it(gateway, world):
    procedure = world["procedure"]
    with at(local(dt.date(2024, 1, 10))):
        assert publication.publish_procedure(procedure=procedure, actor=None)
        assert delivery.deliver_due() == {"sent": 1, "retry": 0, "dead": 0}
    before = _integration(procedure, H1_2024)
    assert before == (1, 100.0)
    first_ack = ProcedurePublication.objects.get(procedure=procedure)

    procedure.fee = 30_000  # the procedure changed: it is re-published, and acknowledged again
    procedure.save()
    with at(local(dt.date(2025, 2, 3))):
        assert publication.publish_procedure(procedure=procedure, actor=None)
        assert delivery.deliver_due() == {"sent": 1, "retry": 0, "dead": 0}
    again = ProcedurePublication.objects.get(procedure=procedure)
    assert again.acked_hash == again.payload_hash != first_ack.acked_hash
    assert again.ack_id != first_ack.ack_id and again.in_sync
    assert again.published_at == first_ack.published_at
    assert _integration(procedure, H1_2024) == before
    assert _integration(procedure, Q1_2025) == (1, 100.0)
    assert gateway.publications()[0]["published"] is True


@pytest.mark.django_db
def test_publishing_the_catalog_after_the_seed_sends_only_what_the_gateway_has_not_acknowledged():
    ensure_role_groups()
    seed_province(TINY)
    integrated = set(
        ProcedurePublication.objects.filter(state="published").values_list(
            "procedure__national_code", flat=True
        )
    )
    assert len(integrated) == TINY.integrated_full + TINY.integrated_partial
    result = publication.sync_catalog(actor=None)
    assert integrated.isdisjoint(result["queued"]), "an integrated procedure re-published"
    assert result["unpublished"] == []
    assert OutboxEvent.objects.count() == len(result["queued"])
    assert publication.sync_catalog(actor=None)["queued"] == []  # and nothing twice
