"""Every indicator of the service index against an independent count: random records are generated (procedures,
filings with documents, ratings, payments, closing events; hotline items), described once as plain Python
dicts, and each numerator and denominator is counted again from those dicts by the rules of docs/index.md, for a
province and for an agency with its sub-agency; the records behind each count are as many as it says."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count

from hotline.models import HotlineFeedback
from payments.constants import PaymentChannel, PaymentStatus
from payments.models import Payment
from portal.reports.metrics import Period, Scope
from serviceindex import compute as index
from serviceindex.indicators import FILING, HOTLINE, INDICATORS, PROCEDURE
from services.constants import AgencyLevel, Channel, FilingStatus, OnlineLevel, Timeliness
from services.models import Filing, FilingDocument, FilingEvent, ProcedurePublication, SatisfactionRating
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory, citizen

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
SINCE, UNTIL = MARCH.since, MARCH.until
ONLINE = (OnlineLevel.PARTIAL, OnlineLevel.FULL)
ELECTRONIC = (Channel.ONLINE, Channel.NATIONAL_GATEWAY)
IN_TIME = (Timeliness.EARLY, Timeliness.ON_TIME)

pytestmark = pytest.mark.django_db


def moment(rng, lo=-12, hi=45):
    """A random instant from ``lo`` to ``hi`` days around 1/3/2024, local time."""
    day = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(lo, hi))
    return dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.choice([0, 59])), tzinfo=LOCAL)


def maybe(rng, value, p=0.6):
    return value if rng.random() < p else None


def working_days_after(day, n):
    """Monday-Friday only: the generated requests fall in March 2024, which has no public holiday."""
    while n:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def generate(seed):
    rng = random.Random(seed)
    province = ProvinceFactory()
    district = AgencyFactory(province=province, level=AgencyLevel.DISTRICT)
    commune = AgencyFactory(province=province, parent=district, level=AgencyLevel.COMMUNE)
    other = AgencyFactory(province=province, level=AgencyLevel.PROVINCIAL)
    applicant = citizen(seed)
    world = {"province": province, "district": district, "under": {district.pk, commune.pk}, "procedures": [],
             "filings": [], "hotline": []}  # fmt: skip
    for i in range(8):
        agency = rng.choice([district, commune, other])
        spec = {"agency": agency.pk, "level": rng.choice(OnlineLevel.values), "fee": rng.choice([0, 30_000]),
                "days": rng.choice([0, 3]), "documents": rng.random() < 0.8}  # fmt: skip
        proc = ProcedureFactory(agency=agency, online_level=spec["level"], fee=spec["fee"],
                                processing_days=spec["days"], documents=None if spec["documents"] else [])  # fmt: skip
        if not spec["documents"]:
            proc.required_documents.all().delete()
        spec["obj"] = proc
        published = maybe(rng, moment(rng, -5, 35))
        if published:
            requested = maybe(rng, published - dt.timedelta(days=rng.randint(0, 9)), 0.8)
            if requested and not (dt.date(2024, 3, 1) <= requested.date() <= dt.date(2024, 3, 25)):
                requested = None  # keep the requests in March (no holiday): the oracle counts weekdays only
            unpublished = maybe(rng, published + dt.timedelta(days=rng.randint(-3, 20)), 0.3)
            ProcedurePublication.objects.create(procedure=proc, state="published", desired="published",
                                                ack_id=f"A{i}", requested_at=requested, published_at=published,
                                                unpublished_at=unpublished)  # fmt: skip
        spec.update(published=published, requested=requested if published else None,
                    unpublished=unpublished if published else None)  # fmt: skip
        world["procedures"].append(spec)
    for n in range(40):
        proc = rng.choice(world["procedures"])
        submitted = moment(rng)
        received = maybe(rng, submitted + dt.timedelta(hours=rng.randint(0, 60)), 0.85)
        decided = maybe(rng, received + dt.timedelta(days=rng.randint(0, 20)), 0.6) if received else None
        returned = maybe(rng, decided + dt.timedelta(days=rng.randint(0, 6)), 0.7) if decided else None
        spec = {
            "agency": proc["agency"], "procedure": proc, "channel": rng.choice(Channel.values),
            "submitted": submitted, "received": received, "decided": decided, "returned": returned,
            "due": (received.astimezone(LOCAL).date() + dt.timedelta(days=rng.randint(0, 12))) if received else None,
            "timeliness": rng.choice(Timeliness.values) if decided else "",
            "electronic": rng.random() < 0.6, "fee": proc["fee"],
            "synced": maybe(rng, submitted + dt.timedelta(days=rng.randint(0, 40)), 0.7),
            "closed": maybe(rng, (rng.choice([FilingStatus.WITHDRAWN, FilingStatus.REFUSED]), moment(rng)), 0.2),
            "documents": [(rng.choice(["uploaded", "scanned", "reused", "gateway"]), moment(rng))
                          for _d in range(rng.randint(0, 2))],
            "rating": maybe(rng, (rng.choice(["satisfied", "neutral", "dissatisfied"]), moment(rng, 0, 45)), 0.5),
            "paid_online": maybe(rng, moment(rng), 0.4),
        }  # fmt: skip
        filing = Filing.objects.create(
            code=f"IX-{seed}-{n}", procedure=proc["obj"], agency_id=proc["agency"], channel=spec["channel"],
            applicant=applicant, applicant_name="Người nộp", applicant_personal_id="086090000123",
            status=spec["closed"][0] if spec["closed"] else FilingStatus.IN_REVIEW, submitted_at=submitted, received_at=received, due_date=spec["due"],
            decided_at=decided, timeliness=spec["timeliness"], result_returned_at=returned,
            result_electronic=spec["electronic"], fee=spec["fee"], sync_complete_at=spec["synced"],
        )  # fmt: skip
        if spec["closed"]:
            FilingEvent.objects.create(filing=filing, action="close", from_status=FilingStatus.IN_REVIEW,
                                       to_status=spec["closed"][0], at=spec["closed"][1])  # fmt: skip
        for k, (origin, uploaded) in enumerate(spec["documents"]):
            FilingDocument.objects.create(filing=filing, file=f"x/{seed}-{n}-{k}.pdf", original_name="a.pdf",
                                          content_type="application/pdf", size=1, sha256="0" * 64,
                                          uploaded_by=applicant, uploaded_at=uploaded, origin=origin)  # fmt: skip
        if spec["rating"]:
            rating = SatisfactionRating.objects.create(
                filing=filing, value=spec["rating"][0], rated_by=applicant
            )
            SatisfactionRating.objects.filter(pk=rating.pk).update(created_at=spec["rating"][1])
        if spec["paid_online"]:
            Payment.objects.create(filing=filing, channel=PaymentChannel.ONLINE, amount=spec["fee"] or 1000,
                                   order_id=f"IXO-{seed}-{n}", status=PaymentStatus.PAID,
                                   paid_at=spec["paid_online"])  # fmt: skip
        world["filings"].append(spec)
    for _n in range(15):
        received = moment(rng)
        answered = maybe(rng, received + dt.timedelta(days=rng.randint(0, 20)), 0.7)
        spec = {"agency": rng.choice([district, commune, other]).pk, "received": received, "answered": answered,
                "timeliness": rng.choice(Timeliness.values) if answered else "", "in_remit": rng.random() < 0.8,
                "due": maybe(rng, received.astimezone(LOCAL).date() + dt.timedelta(days=rng.randint(0, 15)), 0.9),
                "verdict": maybe(rng, (rng.choice(["satisfied", "dissatisfied"]), moment(rng, 0, 45)), 0.6)}  # fmt: skip
        HotlineFeedback.objects.create(
            province=province, agency_id=spec["agency"], caller_name="Người gọi", subject="Phản ánh",
            received_at=received, answered_at=answered, timeliness=spec["timeliness"], in_remit=spec["in_remit"],
            due_date=spec["due"], verdict=spec["verdict"][0] if spec["verdict"] else "",
            verdict_at=spec["verdict"][1] if spec["verdict"] else None,
        )  # fmt: skip
        world["hotline"].append(spec)
    return world


# --- the independent count ---------------------------------------------------------------------------------
def within(moment_, lo=SINCE, hi=UNTIL):
    return moment_ is not None and lo <= moment_ < hi


def before_end(moment_):
    return moment_ is not None and moment_ < UNTIL


def procedure_counts(procs, filings):
    def used(p):
        return any(
            f["procedure"] is p and f["channel"] in ELECTRONIC and within(f["received"]) for f in filings
        )

    def paid(p):
        return any(
            f["procedure"] is p and within(f["submitted"]) and before_end(f["paid_online"]) for f in filings
        )

    def on_time(p):
        acknowledged = before_end(p["published"]) and not (
            p["unpublished"] is not None and p["published"] <= p["unpublished"] < UNTIL
        )
        if not acknowledged:
            return False
        if p["requested"] is None:
            return True
        deadline = working_days_after(p["requested"].astimezone(LOCAL).date(), 5)
        return p["published"].astimezone(LOCAL).date() <= deadline

    online = [p for p in procs if p["level"] in ONLINE]
    fee = [p for p in procs if p["fee"] > 0]
    return {
        "procedures": len(procs),
        "online_services": len(online),
        "published_on_time": sum(on_time(p) for p in online),
        "complete": sum(p["days"] > 0 and p["documents"] for p in procs),
        "online_services_used": sum(used(p) for p in online),
        "fee_procedures": len(fee),
        "fee_procedures_paid_online": sum(paid(p) for p in fee),
    }


def filing_counts(filings):
    out = dict.fromkeys(index.filing_conditions(MARCH), 0)
    for f in filings:
        received = within(f["received"])
        closed = f["closed"] is not None and f["closed"][1] < UNTIL
        handled = before_end(f["received"]) and (f["decided"] is None or f["decided"] >= SINCE) and not closed
        open_at_end = f["decided"] is None or f["decided"] >= UNTIL
        in_time = (before_end(f["decided"]) and f["timeliness"] in IN_TIME) or (
            open_at_end and (f["due"] is None or f["due"] >= MARCH.end)
        )
        results = within(f["returned"])
        documents = [origin for origin, uploaded in f["documents"] if uploaded < UNTIL]
        pending = f["returned"] is None or f["returned"] >= UNTIL
        fee_filing = within(f["submitted"]) and f["fee"] > 0
        dissatisfied = f["rating"] is not None and f["rating"][0] == "dissatisfied" and f["rating"][1] < UNTIL
        counted = {
            "received": received,
            "received_synced": received and before_end(f["synced"]),
            "handled": handled,
            "in_time": handled and in_time,
            "results": results,
            "results_electronic": results and f["electronic"],
            "digitised": received and bool(documents) and (pending or f["electronic"]),
            "reused": received and "reused" in documents,
            "online_received": received and f["channel"] in ELECTRONIC,
            "fee_filings": fee_filing,
            "fee_filings_paid_online": fee_filing and before_end(f["paid_online"]),
            "results_not_dissatisfied": results and not dissatisfied,
        }
        for key, yes in counted.items():
            out[key] += bool(yes)
    return out


def hotline_counts(items):
    out = dict.fromkeys(["in_remit", "in_remit_in_time", "items", "items_satisfied"], 0)
    for h in items:
        if not within(h["received"]):
            continue
        answered = before_end(h["answered"])
        in_time = (answered and h["timeliness"] in IN_TIME) or (
            not answered and (h["due"] is None or h["due"] >= MARCH.end)
        )
        late = (answered and h["timeliness"] == Timeliness.LATE) or (
            not answered and h["due"] is not None and h["due"] < MARCH.end
        )
        dissatisfied = (
            h["verdict"] is not None and h["verdict"][0] == "dissatisfied" and h["verdict"][1] < UNTIL
        )
        out["items"] += 1
        out["in_remit"] += h["in_remit"]
        out["in_remit_in_time"] += h["in_remit"] and in_time
        out["items_satisfied"] += not dissatisfied and not late
    return out  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2])
def test_every_indicator_counts_what_its_definition_says(seed):
    world = generate(seed)
    district, under = world["district"], world["under"]
    for scope, keep in ((Scope.for_province(world["province"]), lambda a: True),
                        (Scope.for_agency(district), lambda a: a in under)):  # fmt: skip
        expected = {
            PROCEDURE: procedure_counts([p for p in world["procedures"] if keep(p["agency"])],
                                        [f for f in world["filings"] if keep(f["agency"])]),
            FILING: filing_counts([f for f in world["filings"] if keep(f["agency"])]),
            HOTLINE: hotline_counts([h for h in world["hotline"] if keep(h["agency"])]),
        }  # fmt: skip
        result = index.compute(scope, MARCH)
        got = {
            i["key"]: (i["numerator"], i["denominator"]) for g in result["groups"] for i in g["indicators"]
        }
        for indicator in INDICATORS:
            counts = expected[indicator.kind]
            assert got[indicator.key] == (counts[indicator.numerator], counts[indicator.denominator]), (
                indicator.key
            )
            behind = index.records(scope, MARCH, indicator.key).aggregate(n=Count("pk"))["n"]
            assert behind == counts[indicator.numerator], indicator.key
            rest = index.records(scope, MARCH, indicator.key, complement=True).aggregate(n=Count("pk"))["n"]
            assert rest == counts[indicator.denominator] - counts[indicator.numerator], indicator.key


def test_the_index_is_a_few_queries_whatever_the_number_of_records(django_assert_max_num_queries):
    """Three aggregates, the weights, the publications' deadlines (and the calendar's overrides), the two
    lists of procedures with online / paid-online filings: never a query per row."""
    world = generate(4)
    with django_assert_max_num_queries(8):
        index.compute(Scope.for_province(world["province"]), MARCH)
