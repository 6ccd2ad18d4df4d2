"""Property: the one-pass report (filings counted per procedure, joined once to grouped payment and event sets)
gives the same figures as the definition it replaced (per-row ``Exists`` probes, kept here as the oracle), on
small random histories: procedures at every level with and without fees, gateway publications and withdrawals,
filings received, decided, refused or withdrawn around the period, online and desk payments before and after
its end, hotline items; for a province, an agency with its sub-agency, and each split."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hotline.models import HotlineFeedback
from payments.constants import PaymentChannel, PaymentStatus
from payments.models import Payment
from portal.reports import selectors
from portal.reports.metrics import (
    SPLITS,
    Period,
    Scope,
    _with_rates,
    compute,
    compute_split,
    filing_aggregates,
    hotline_aggregates,
    procedure_aggregates,
)
from services.constants import AgencyLevel, Channel, FilingStatus, OnlineLevel, Timeliness
from services.models import Filing, FilingEvent, ProcedurePublication
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
DAY0 = dt.date(2024, 2, 20)  # the histories span 20/2 .. 20/4 around March


def moment(day, hour):
    return dt.datetime.combine(DAY0 + dt.timedelta(days=day), dt.time(hour), tzinfo=LOCAL)


# --- the oracle: the definition before the one pass (three queries of per-row Exists probes) ----------------
def oracle_compute(scope, period):
    counts = {}
    counts.update(scope.catalog(period).aggregate(**procedure_aggregates(period)))
    counts.update(scope.filings().aggregate(**filing_aggregates(period)))
    counts.update(scope.hotline().aggregate(**hotline_aggregates(period)))
    return _with_rates(counts)


def oracle_split(scope, period, split):
    proc_col, filing_col, hotline_col = SPLITS[split]
    groups = {}
    queries = [
        (scope.catalog(period), proc_col, procedure_aggregates(period)),
        (scope.filings(), filing_col, filing_aggregates(period)),
    ]
    if hotline_col:
        queries.append((scope.hotline(), hotline_col, hotline_aggregates(period)))
    for queryset, column, aggregates in queries:
        for row in queryset.order_by().values(column).annotate(**aggregates):
            groups.setdefault(row.pop(column) or "", {}).update(row)
    return {group: _with_rates(counts) for group, counts in sorted(groups.items())}


# --- random histories ---------------------------------------------------------------------------------------
day = st.integers(min_value=0, max_value=60)
hour = st.integers(min_value=0, max_value=23)
procedure_st = st.fixed_dictionaries(
    {
        "level": st.sampled_from(OnlineLevel.values),
        "fee": st.sampled_from([0, 20_000]),
        "active": st.booleans(),
        "at_commune": st.booleans(),
        "published": st.none() | st.tuples(day, hour),
        "unpublished": st.none() | st.tuples(day, hour),
    }
)
filing_st = st.fixed_dictionaries(
    {
        "procedure": st.integers(min_value=0, max_value=3),
        "channel": st.sampled_from(Channel.values),
        "submitted": st.tuples(day, hour),
        "received_after": st.none() | st.integers(min_value=0, max_value=3),
        "due_after": st.integers(min_value=0, max_value=15),
        "decided_after": st.none() | st.integers(min_value=0, max_value=30),
        "timeliness": st.sampled_from(Timeliness.values),
        "closed": st.none() | st.tuples(st.sampled_from([FilingStatus.WITHDRAWN, FilingStatus.REFUSED]), day),
        "payments": st.lists(
            st.tuples(st.sampled_from(PaymentChannel.values), st.none() | st.tuples(day, hour)), max_size=2
        ),
    }
)
hotline_st = st.tuples(st.tuples(day, hour), st.none() | st.integers(min_value=0, max_value=20))
order_ids = itertools.count(1)


def build(procedures, filings, hotline):
    province = ProvinceFactory()
    district = AgencyFactory(province=province, level=AgencyLevel.DISTRICT)
    commune = AgencyFactory(province=province, parent=district, level=AgencyLevel.COMMUNE)
    procs = []
    for i, p in enumerate(procedures):
        proc = ProcedureFactory(agency=commune if p["at_commune"] else district, online_level=p["level"],
                                fee=p["fee"], is_active=p["active"], field=f"Lĩnh vực {i % 2}")  # fmt: skip
        if p["published"]:
            ProcedurePublication.objects.create(
                procedure=proc, state="published", desired="published", ack_id="A1",
                published_at=moment(*p["published"]),
                unpublished_at=moment(*p["unpublished"]) if p["unpublished"] else None,
            )  # fmt: skip
        procs.append(proc)
    for n, f in enumerate(filings):
        proc = procs[f["procedure"] % len(procs)]
        submitted = moment(*f["submitted"])
        received = (
            submitted + dt.timedelta(days=f["received_after"]) if f["received_after"] is not None else None
        )
        decided = received + dt.timedelta(days=f["decided_after"]) if received and f["decided_after"] is not None else None  # fmt: skip
        filing = Filing.objects.create(
            code=f"P-{n}-{next(order_ids)}", procedure=proc, agency=proc.agency, channel=f["channel"],
            applicant_name="Người nộp", applicant_personal_id="086090000123", status=FilingStatus.IN_REVIEW,
            submitted_at=submitted, received_at=received,
            due_date=(received.date() + dt.timedelta(days=f["due_after"])) if received else None,
            decided_at=decided, timeliness=f["timeliness"] if decided else "", fee=proc.fee,
        )  # fmt: skip
        if f["closed"]:
            status, closed_day = f["closed"]
            FilingEvent.objects.create(filing=filing, action="close", from_status=FilingStatus.IN_REVIEW,
                                       to_status=status, at=moment(closed_day, 10))  # fmt: skip
        FilingEvent.objects.create(filing=filing, action="submit", from_status=FilingStatus.DRAFT,
                                   to_status=FilingStatus.SUBMITTED, at=submitted)  # fmt: skip
        for channel, paid in f["payments"]:
            Payment.objects.create(
                filing=filing, channel=channel, amount=proc.fee or 1000, order_id=f"O{next(order_ids)}",
                status=PaymentStatus.PAID if paid else PaymentStatus.PENDING, paid_at=moment(*paid) if paid else None,
            )  # fmt: skip
    for (received_day, received_hour), answered_after in hotline:
        received = moment(received_day, received_hour)
        HotlineFeedback.objects.create(
            province=province, agency=commune, caller_name="Người gọi", subject="Phản ánh", received_at=received,
            answered_at=received + dt.timedelta(days=answered_after) if answered_after is not None else None,
        )  # fmt: skip
    return province, district


@pytest.mark.django_db
@hypothesis_settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])  # fmt: skip
@given(
    procedures=st.lists(procedure_st, min_size=1, max_size=4),
    filings=st.lists(filing_st, max_size=12),
    hotline=st.lists(hotline_st, max_size=3),
)
def test_one_pass_gives_the_figures_of_the_exists_definition(procedures, filings, hotline):
    with transaction.atomic():
        province, district = build(procedures, filings, hotline)
        for scope in (Scope.for_province(province), Scope.for_agency(district)):
            figures = compute(scope, MARCH)
            assert figures == oracle_compute(scope, MARCH)
            for split in ("level", "field", "agency"):
                assert compute_split(scope, MARCH, split) == oracle_split(scope, MARCH, split)
            # the records behind each count are as many as the count says
            for key in ("electronic_filings", "online_paid_filings", "overdue_open", "resolved_total",
                        "fee_procedures_with_filings", "fee_procedures_with_online_payment", "integrated_total"):  # fmt: skip
                assert selectors.records(scope, MARCH, key).aggregate(n=Count("pk"))["n"] == figures[key], key
        transaction.set_rollback(True)
