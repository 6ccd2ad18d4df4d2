"""'Publication confirmed' is one rule: the sync page's "awaiting" and the admins' publication filters are
the queryset form of ``ProcedurePublication.in_sync``, for every combination of what was asked and what the
gateway acknowledged."""

import itertools

import pytest

from services.models import Procedure, ProcedurePublication
from services.models.publication import awaiting_confirmation, confirmed
from tests.factories import ProcedureFactory

P = ProcedurePublication


@pytest.mark.django_db
def test_the_filters_agree_with_in_sync_for_every_combination():
    agency_procedure = ProcedureFactory()
    publications = []
    for state, desired, (payload, acked) in itertools.product(
        P.State.values, P.Desired.values, [("", ""), ("h1", "h1"), ("h2", "h1"), ("h1", "")]
    ):
        procedure = ProcedureFactory(agency=agency_procedure.agency)
        publications.append(
            P.objects.create(
                procedure=procedure, state=state, desired=desired, payload_hash=payload, acked_hash=acked
            )
        )
    never_published = agency_procedure
    in_sync = {p.procedure_id for p in publications if p.in_sync}
    assert in_sync and len(in_sync) < len(publications)
    assert set(Procedure.objects.filter(confirmed()).values_list("pk", flat=True)) == in_sync
    awaiting = set(Procedure.objects.filter(awaiting_confirmation()).values_list("pk", flat=True))
    assert awaiting == {p.procedure_id for p in publications} - in_sync
    assert never_published.pk not in awaiting
    assert set(P.objects.filter(confirmed("")).values_list("procedure_id", flat=True)) == in_sync
