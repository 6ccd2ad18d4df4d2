"""Past periods replay exactly: the catalog side of a report reads the procedures as they stood on the
period's last day (services.catalog_history), so changing the catalog afterwards changes nothing of a closed
period, and a period that straddles a change follows the history."""

import datetime as dt
import itertools
import re
from types import SimpleNamespace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.reports.metrics import Period, Scope, compute, compute_split
from services import catalog_history
from services.constants import AgencyLevel, OnlineLevel
from services.models import ProcedurePublication, ProcedureVersion
from services.sync import publication
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory, UserFactory
from tests.reports.conftest import at, local
from tests.reports.test_metrics import build_march

D = dt.date
MARCH = Period(D(2024, 3, 1), D(2024, 3, 31))
APRIL = Period(D(2024, 4, 1), D(2024, 4, 30))
Q2 = Period(D(2024, 4, 1), D(2024, 6, 30))
MARCH_TO_MAY = Period(D(2024, 3, 1), D(2024, 5, 31))  # straddles the changes of 2/5 and 3/5
CATALOG_KEYS = ["procedures_total", "online_services_total", "full_process_total", "partial_total",
                "integrated_total", "fee_procedures_total"]  # fmt: skip


def gateway_ack(procedure, topic, when):
    """The gateway's acknowledgement of a publication request, through the service delivery calls."""
    ProcedurePublication.objects.get_or_create(
        procedure=procedure, defaults={"desired": ProcedurePublication.Desired.UNPUBLISHED}
    )
    event = SimpleNamespace(key=f"procedure:{procedure.pk}", topic=topic, payload={"revision": "r"})
    with transaction.atomic():
        publication.record_ack(event=event, answer={"ack_id": "A"}, at=when)


def change_the_catalog_in_may(world, actor=None):
    """Re-levelled, fee dropped, withdrawn, moved to another agency (2/5), a publication withdrawn (3/5)."""
    w = world
    with at(local(D(2024, 5, 2))):
        w.partial_fee.online_level = OnlineLevel.NONE
        w.partial_fee.save(actor=actor)
        w.full_fee.fee = 0
        w.full_fee.save(actor=actor)
        w.offline.is_active = False
        w.offline.save(actor=actor)
        w.full_free.agency = w.district
        w.full_free.save(actor=actor)
    gateway_ack(w.full_fee, publication.UNPUBLISH, local(D(2024, 5, 3)))


def _page(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200
    return re.sub(rb'(nonce|value)="[^"]*"', b"", response.content)


def test_a_closed_period_gives_the_same_figures_after_the_catalog_changed(world, client):
    build_march(world)
    client.force_login(UserFactory(is_superuser=True))
    scopes = [Scope.for_province(world.province), Scope.for_agency(world.commune)]
    query = {"province": world.province.slug, "from": "2024-03-01", "to": "2024-03-31"}
    before = [
        (compute(s, MARCH), compute_split(s, MARCH, "level"), compute_split(s, MARCH, "agency"))
        for s in scopes
    ]
    april = compute(scopes[0], APRIL)
    api, page = client.get("/api/v1/reports/summary/", query).json(), _page(client, "/reports/", query)
    csv = _page(client, "/reports/export.csv", query)

    change_the_catalog_in_may(world)

    after = [
        (compute(s, MARCH), compute_split(s, MARCH, "level"), compute_split(s, MARCH, "agency"))
        for s in scopes
    ]
    assert after == before
    assert compute(scopes[0], APRIL) == april
    assert client.get("/api/v1/reports/summary/", query).json() == api
    assert _page(client, "/reports/", query) == page
    assert _page(client, "/reports/export.csv", query) == csv
    # and the figures did change where the catalog is read today: the live rows are the new ones
    assert before[0][0]["integrated_total"] == 1 and before[0][0]["fee_procedures_total"] == 3


def test_a_period_straddling_a_change_follows_the_history_as_of_its_last_day(world):
    build_march(world)
    scope = Scope.for_province(world.province)
    march = compute(scope, MARCH)
    assert [march[k] for k in CATALOG_KEYS] == [4, 3, 2, 1, 1, 3]
    assert [compute(scope, APRIL)[k] for k in CATALOG_KEYS] == [4, 3, 2, 1, 2, 3]  # partial_fee since 5/4

    change_the_catalog_in_may(world)

    for period in (Q2, MARCH_TO_MAY):
        figures = compute(scope, period)
        # offline withdrawn; partial_fee not online; full_fee free and off the gateway
        assert [figures[k] for k in CATALOG_KEYS] == [3, 2, 2, 0, 0, 1], period
    commune = world.commune.code
    assert compute_split(scope, MARCH, "agency")[commune]["procedures_total"] == 2  # full_free there in March
    assert compute_split(scope, Q2, "agency")[commune]["procedures_total"] == 1  # moved to the district
    assert compute(Scope.for_agency(world.commune), Q2)["procedures_total"] == 1


def test_each_change_is_a_version_with_its_period_and_who_made_it(world):
    admin = UserFactory(is_superuser=True)
    world.publish(world.partial_fee, local(D(2024, 4, 5)))
    change_the_catalog_in_may(world, actor=admin)
    versions = list(ProcedureVersion.objects.filter(procedure=world.partial_fee).order_by("valid_from"))
    assert [(v.valid_from, v.valid_to, v.online_level, v.integrated) for v in versions] == [
        (catalog_history.CATALOG_EPOCH, local(D(2024, 4, 5)), OnlineLevel.PARTIAL, False),
        (local(D(2024, 4, 5)), local(D(2024, 5, 2)), OnlineLevel.PARTIAL, True),
        (local(D(2024, 5, 2)), None, OnlineLevel.NONE, True),
    ]
    assert versions[-1].changed_by == admin and versions[-1].change == "edited"
    assert versions[1].change == "gateway"
    # saving with nothing changed writes nothing
    with at(local(D(2024, 6, 1))):
        world.partial_fee.save()
    assert ProcedureVersion.objects.filter(procedure=world.partial_fee).count() == 3
    at_april = catalog_history.catalog_as_of(local(D(2024, 4, 5))).get(procedure=world.partial_fee)
    assert at_april.integrated and at_april.online_level == OnlineLevel.PARTIAL


def test_a_publication_withdrawn_and_published_again_keeps_both_periods(world):
    proc = world.full_free
    gateway_ack(proc, publication.PUBLISH, local(D(2024, 1, 10)))
    gateway_ack(proc, publication.UNPUBLISH, local(D(2024, 2, 10)))
    gateway_ack(proc, publication.PUBLISH, local(D(2024, 4, 10)))
    scope = Scope.for_province(world.province)
    integrated = [
        compute(scope, Period(D(2024, m, 1), D(2024, m, 28)))["integrated_total"] for m in (1, 2, 3, 4)
    ]
    assert integrated == [1, 0, 0, 1]


# --- property: random change sequences against an independent replay -------------------------------------
START = local(D(2024, 2, 1), 0)
change_st = st.tuples(
    st.integers(min_value=0, max_value=89 * 24),  # hours after 1/2
    st.integers(min_value=0, max_value=2),  # which procedure
    st.sampled_from(["level", "fee", "active", "agency", "publish", "unpublish"]),
    st.integers(min_value=0, max_value=2),
)
PERIODS = [Period(D(2024, 2, 1), D(2024, 2, 29)), MARCH, APRIL, Period(D(2024, 2, 10), D(2024, 4, 20))]
LEVELS = [OnlineLevel.NONE, OnlineLevel.PARTIAL, OnlineLevel.FULL]


def _expected(initial, changes, until, agency_ids):
    """The catalog figures replayed in plain Python from the changes made before ``until``."""
    state = [dict(p, integrated=False) for p in initial]
    for when, i, kind, value in changes:
        if when >= until:
            break
        if kind == "publish":
            state[i]["integrated"] = True
        elif kind == "unpublish":
            state[i]["integrated"] = False
        else:
            state[i][kind] = value
    live = [p for p in state if p["active"] and p["agency"] in agency_ids]
    online = [p for p in live if p["level"] != OnlineLevel.NONE]
    return {
        "procedures_total": len(live),
        "online_services_total": len(online),
        "full_process_total": sum(p["level"] == OnlineLevel.FULL for p in live),
        "partial_total": sum(p["level"] == OnlineLevel.PARTIAL for p in live),
        "integrated_total": sum(p["integrated"] for p in online),
        "fee_procedures_total": sum(p["fee"] > 0 for p in live),
    }


def _from_version_rows(procedure_ids, until, agency_ids):
    """The same figures counted from the version rows themselves (no query of the report's)."""
    rows = [v for v in ProcedureVersion.objects.filter(procedure_id__in=procedure_ids)
            if v.valid_from < until and (v.valid_to is None or v.valid_to >= until)]  # fmt: skip
    assert len(rows) == len({v.procedure_id for v in rows}) == len(procedure_ids)  # one version each
    live = [v for v in rows if v.is_active and v.agency_id in agency_ids]
    return {
        "procedures_total": len(live),
        "online_services_total": sum(v.online_level != OnlineLevel.NONE for v in live),
        "full_process_total": sum(v.online_level == OnlineLevel.FULL for v in live),
        "partial_total": sum(v.online_level == OnlineLevel.PARTIAL for v in live),
        "integrated_total": sum(v.integrated and v.online_level != OnlineLevel.NONE for v in live),
        "fee_procedures_total": sum(v.fee > 0 for v in live),
    }


@pytest.mark.django_db
@hypothesis_settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    changes=st.lists(change_st, max_size=12), levels=st.lists(st.sampled_from(LEVELS), min_size=3, max_size=3)
)
def test_random_catalog_changes_replay_as_the_version_rows_and_an_independent_count_say(changes, levels):
    with transaction.atomic():
        province = ProvinceFactory()
        district = AgencyFactory(province=province, level=AgencyLevel.DISTRICT)
        commune = AgencyFactory(province=province, parent=district, level=AgencyLevel.COMMUNE)
        agencies = [district, commune]
        procs = [ProcedureFactory(agency=district, online_level=lvl, fee=0) for lvl in levels]
        initial = [{"level": lvl, "fee": 0, "active": True, "agency": district.pk} for lvl in levels]
        timed, seen = [], itertools.count()
        for hours, i, kind, n in sorted(changes, key=lambda c: c[0]):
            when = START + dt.timedelta(hours=hours, seconds=next(seen))  # distinct instants, in order
            proc = procs[i]
            value = {"level": LEVELS[n], "fee": [0, 20_000, 50_000][n], "active": n != 0,
                     "agency": agencies[n % 2].pk}.get(kind)  # fmt: skip
            if kind in ("publish", "unpublish"):
                topic = publication.PUBLISH if kind == "publish" else publication.UNPUBLISH
                gateway_ack(proc, topic, when)
            else:
                setattr(proc, {"level": "online_level", "active": "is_active", "agency": "agency_id"}.get(kind, kind),
                        value)  # fmt: skip
                with at(when):
                    proc.save()
            timed.append((when, i, kind, value))
        ids = [p.pk for p in procs]
        for period in PERIODS:
            for scope, agency_ids in ((Scope.for_province(province), {district.pk, commune.pk}),
                                      (Scope.for_agency(commune), {commune.pk})):  # fmt: skip
                figures = compute(scope, period)
                expected = _expected(initial, timed, period.until, agency_ids)
                assert _from_version_rows(ids, period.until, agency_ids) == expected
                assert {k: figures[k] for k in CATALOG_KEYS} == expected, (period, scope)
        transaction.set_rollback(True)
