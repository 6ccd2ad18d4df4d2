"""The five articles' data sets at article scale, in bulk (``seed_demo``).

A province that already exists is left as it is, so running the seeding again adds nothing. Each
province is built in one transaction: its agencies at three levels with their officials, its procedure
catalog (levels, fees, gateway publications), citizens, filings with their history, payments and apology
slips (see :mod:`demo.seed_filings`) and hotline items; and the records of the 766 index (ratings,
document origins, electronic results, gateway acks, hotline deadlines and verdicts), synthetic, drawn as
:mod:`demo.seed_records` says.
"""

import array
import bisect
import datetime as dt
import itertools

from django.contrib.auth.models import Group
from django.db import transaction

from demo import bulk, seed_records
from demo.names import COMMUNES, DISTRICTS, person_name, procedure_name, split_name
from demo.seed_filings import FilingStory, at, code_for, new_rng, payment_rows
from hotline.models import HotlineFeedback
from payments.models import Payment, PaymentEvent
from portal.reports.articles import PLANS
from services import catalog_history
from services.calendar import WorkingCalendar
from services.constants import AgencyLevel, OnlineLevel, Role
from services.models import (
    Agency,
    ApologySlip,
    Filing,
    FilingDocument,
    FilingEvent,
    Procedure,
    ProcedurePublication,
    Province,
    ReceiptCounter,
    SatisfactionRating,
    User,
)
from services.models.filings import new_lookup_key
from services.roles import ensure_role_groups
from services.sync.publication import publication_payload, revision

BATCH = 2000
DEPARTMENTS = [
    ("STP", "Sở Tư pháp", "Lý lịch tư pháp"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Thành lập và hoạt động của doanh nghiệp"),
    ("SXD", "Sở Xây dựng", "Hoạt động xây dựng"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Đất đai"),
    ("SGTVT", "Sở Giao thông vận tải", "Đường bộ"),
    ("SYT", "Sở Y tế", "Khám bệnh, chữa bệnh"),
    ("SCT", "Sở Công Thương", "Lưu thông hàng hóa trong nước"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Bảo trợ xã hội"),
]
LOCAL_FIELDS = ["Hộ tịch", "Chứng thực", "Thành lập và hoạt động của hộ kinh doanh", "Đất đai"]
PROCESSING_DAYS = [1, 3, 5, 7, 10, 15, 3, 5]
FEES = [8_000, 20_000, 50_000, 100_000, 150_000, 200_000]


def seed_articles(progress=lambda label, done, total: None):
    """Create each article's province unless it exists; returns {slug: created?}."""
    ensure_role_groups()
    return {plan.slug: seed_province(plan, progress) for plan in PLANS}


@transaction.atomic
def seed_province(plan, progress=lambda label, done, total: None):
    if Province.objects.filter(slug=plan.slug).exists():
        progress(plan.name, 1, 1)
        return False
    province = Province.objects.create(slug=plan.slug, code=plan.code, name=plan.name)
    agencies, fields = _agencies(province)
    officials = _officials(plan, agencies)
    procedures = _catalog(plan, province, agencies, fields)
    citizens = _citizens(plan)
    _filings(plan, province, procedures, officials, citizens, progress)
    _hotline(plan, province, agencies)
    return True


def _agencies(province):
    rows = [
        Agency(province=province, code=f"{province.code}-{c}", name=n, level=AgencyLevel.PROVINCIAL)
        for c, n, _f in DEPARTMENTS
    ]
    Agency.objects.bulk_create(rows)
    fields = {a.pk: f for a, (_c, _n, f) in zip(rows, DEPARTMENTS, strict=True)}
    for d in range(1, 5):
        district = Agency.objects.create(
            province=province,
            code=f"{province.code}-H{d}",
            name=f"UBND huyện {DISTRICTS[d - 1]}",
            level=AgencyLevel.DISTRICT,
        )
        communes = Agency.objects.bulk_create(
            Agency(province=province, parent=district, code=f"{district.code}-X{x}",
                   name=f"UBND xã {COMMUNES[2 * (d - 1) + x - 1]}, huyện {DISTRICTS[d - 1]}", level=AgencyLevel.COMMUNE)
            for x in range(1, 3)
        )  # fmt: skip
        for i, agency in enumerate([district, *communes]):
            fields[agency.pk] = LOCAL_FIELDS[(d + i) % len(LOCAL_FIELDS)]
        rows += [district, *communes]
    return rows, fields


def _officials(plan, agencies):
    groups = {g.name: g for g in Group.objects.filter(name__in=[Role.DESK, Role.SPECIALIST, Role.LEADER])}
    users, links = {}, []
    people = itertools.count(1000)
    for agency in agencies:
        for key in ("desk", "specialist", "leader"):
            full_name = person_name(next(people))
            last, first = split_name(full_name)
            users[agency.pk, key] = User(
                username=f"{agency.code.lower()}-{key}", agency=agency, password="!", full_name=full_name,
                first_name=first, last_name=last,
            )  # fmt: skip
    User.objects.bulk_create(users.values())
    for (_pk, key), user in users.items():
        role = {"desk": Role.DESK, "specialist": Role.SPECIALIST, "leader": Role.LEADER}[key]
        links.append(User.groups.through(user_id=user.pk, group_id=groups[role].pk))
    User.groups.through.objects.bulk_create(links)
    return {
        agency.pk: {k: users[agency.pk, k] for k in ("desk", "specialist", "leader")} for agency in agencies
    }


def _citizens(plan, count=400):
    citizen_group = Group.objects.get(name=Role.CITIZEN)
    names = [person_name(i) for i in range(count)]
    users = User.objects.bulk_create(
        User(username=f"{plan.slug}-cd{i:04d}", personal_id=f"{plan.code}{i % 4}{80 + i % 20:02d}{i:06d}",
             full_name=names[i], last_name=split_name(names[i])[0], first_name=split_name(names[i])[1],
             password="!")
        for i in range(count)
    )  # fmt: skip
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=citizen_group.pk) for u in users
    )
    return users


def _levels(plan):
    """Procedure levels in catalog order; the fee procedures with filings come first in their level."""
    return (
        [OnlineLevel.FULL] * plan.full + [OnlineLevel.PARTIAL] * plan.partial + [OnlineLevel.NONE] * plan.none
    )


def _catalog(plan, province, agencies, fields):
    """Procedures by level, their fees, eligibility and the gateway's acknowledged publications."""
    groups = {"full_fee": [], "partial_fee": [], "free_online": [], "free_any": []}
    rank = {
        OnlineLevel.FULL: itertools.count(),
        OnlineLevel.PARTIAL: itertools.count(),
        OnlineLevel.NONE: itertools.count(),
    }
    fee_with_filings = {
        OnlineLevel.FULL: plan.fee_full_with_filings,
        OnlineLevel.PARTIAL: plan.fee_partial_with_filings,
    }
    other_fees = plan.fee_procedures - sum(fee_with_filings.values())
    integrated = {OnlineLevel.FULL: plan.integrated_full, OnlineLevel.PARTIAL: plan.integrated_partial}
    spare_eligible = plan.eligible - plan.integrated_full - plan.integrated_partial
    rows, published = [], []
    of_agency = {a.pk: itertools.count() for a in agencies}
    for i, level in enumerate(_levels(plan)):
        n = next(rank[level])
        agency = agencies[i % len(agencies)]
        name = procedure_name(fields[agency.pk], next(of_agency[agency.pk]), agency.name)
        fee = 0
        key = None
        if n < fee_with_filings.get(level, 0):
            fee, key = FEES[i % len(FEES)], f"{level}_fee"
        elif other_fees > 0 and i % 3 == 0:
            fee, other_fees = FEES[i % len(FEES)], other_fees - 1
        is_integrated = level != OnlineLevel.NONE and n < integrated[level]
        eligible = is_integrated or (level != OnlineLevel.NONE and spare_eligible > 0)
        if eligible and not is_integrated:
            spare_eligible -= 1
        proc = Procedure(
            province=province, national_code=f"{1 + i % 2}.{i:06d}", agency=agency, field=fields[agency.pk],
            name=name, online_level=level,
            processing_days=PROCESSING_DAYS[i % len(PROCESSING_DAYS)], fee=fee, eligible_for_national_gateway=eligible,
        )  # fmt: skip
        rows.append(proc)
        if key:
            groups[key].append(proc)
        elif fee == 0:
            groups["free_any"].append(proc)
            if level != OnlineLevel.NONE:
                groups["free_online"].append(proc)
        if is_integrated:
            published.append(proc)
    assert other_fees == 0, "not enough procedures to carry the fees"
    acked = at(plan.start - dt.timedelta(days=60), 10)
    integrated = {id(p) for p in published}
    changes = _dated_changes(plan, rows, groups, integrated)
    Procedure.objects.bulk_create(rows, batch_size=BATCH)

    def versions(proc):  # from the epoch; integrated since the gateway's acknowledgement
        initial, dated = changes.get(id(proc), ({}, []))
        if id(proc) in integrated:
            dated = [*dated, (acked, {"integrated": True})]
        return catalog_history.version_rows(proc, dated, initial=initial)

    catalog_history.bulk_history(versions(p) for p in rows)
    # The revision the gateway acknowledged is the procedure's current content: publish_catalog then has
    # nothing to re-send for these (it re-publishes only what changed since).
    ProcedurePublication.objects.bulk_create(
        (ProcedurePublication(procedure=p, state="published", desired="published", ack_id=f"ACK-{p.pk}",
                              payload_hash=(rev := revision(publication_payload(p))), acked_hash=rev,
                              requested_at=acked, published_at=acked)
         for p in published),
        batch_size=BATCH,
    )  # fmt: skip
    return groups


def _dated_changes(plan, rows, groups, integrated):
    """The catalog's dated changes (synthetic, like the rest): three full-process services were partial
    until the middle of the period, a fee procedure without filings had half its fee until a month in,
    another (off the gateway where one is) was withdrawn a month after the period. The rows hold the state
    after the changes, so the period's figures (as of its last day) are the article's.
    ``{id(procedure): (initial values, [(at, values)])}``."""
    levelled = [p for p in rows if p.online_level == OnlineLevel.FULL][-3:]
    untouched = {id(p) for key in ("full_fee", "partial_fee") for p in groups[key]} | {
        id(p) for p in levelled
    }
    quiet_fees = [p for p in rows if p.fee > 0 and id(p) not in untouched]
    middle = plan.start + (plan.end - plan.start) / 2
    changes = {}
    for proc in levelled:
        changes[id(proc)] = (
            {"online_level": OnlineLevel.PARTIAL},
            [(at(middle, 8), {"online_level": OnlineLevel.FULL})],
        )
    if len(quiet_fees) >= 2:
        off_gateway = [p for p in quiet_fees[1:] if id(p) not in integrated]
        raised, withdrawn = quiet_fees[0], (off_gateway or quiet_fees[1:])[-1]
        changes[id(raised)] = (
            {"fee": raised.fee // 2},
            [(at(plan.start + dt.timedelta(days=31), 8), {"fee": raised.fee})],
        )
        withdrawn.is_active = False
        changes[id(withdrawn)] = (
            {"is_active": True},
            [(at(plan.end + dt.timedelta(days=31), 17), {"is_active": False})],
        )
    return changes


PROCEDURES_OF_GROUP = {
    "full_paid_online": "full_fee",
    "full_closed": "full_fee",
    "partial_online": "partial_fee",
    "partial_counter": "partial_fee",
    "free_online": "free_online",
    "free_counter": "free_any",
}


class _RememberingCalendar(WorkingCalendar):
    """The calendar, asked about the same few hundred days tens of thousands of times."""

    def __init__(self, province_id):
        super().__init__(province_id)
        self._known = {}

    def is_working_day(self, day):
        if day not in self._known:
            self._known[day] = super().is_working_day(day)
        return self._known[day]

    def add_working_days(self, start, days):
        key = (start, days)
        if key not in self._known:
            self._known[key] = super().add_working_days(start, days)
        return self._known[key]


def _chosen(rng, size, count):
    """Indices into a pool of ``size`` procedures for ``count`` filings: every procedure once, then a skewed
    popularity. The same draws as ``rng.choices(pool, weights=[1 / (k + 1) ...], k=...)``, kept as a compact
    array of indices (4 bytes a filing) instead of a list of objects."""
    chosen = array.array("I", range(min(size, count)))
    extra = max(0, count - size)
    if extra:
        cum = list(itertools.accumulate(1 / (k + 1) for k in range(size)))
        total, hi, draw = cum[-1] + 0.0, size - 1, rng.random
        chosen.extend(bisect.bisect(cum, draw() * total, 0, hi) for _ in range(extra))
    return chosen


def _filings(plan, province, procedures, officials, citizens, progress):
    rng = new_rng(plan.slug)
    cal = _RememberingCalendar(province.pk)
    days, day = [], plan.start
    while day <= plan.end:
        if cal.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    story = FilingStory(cal, rng, days)

    def stories():
        # One story at a time, in the order the random draws were always made (group by group); nothing holds
        # the whole province: memory stays flat whatever the number of filings.
        for group, count in plan.filings.items():
            pool = procedures[PROCEDURES_OF_GROUP[group]]
            for index in _chosen(rng, len(pool), count):
                yield story.build(pool[index], group)

    _write_filings(plan, stories(), sum(plan.filings.values()), officials, citizens, progress)


def _write_filings(plan, stories, total, officials, citizens, progress):
    """Filings, their events, payments (with events) and apology slips as plain rows, chunk by chunk: each chunk
    of ``BATCH`` stories is built, streamed (COPY on PostgreSQL) and dropped before the next one."""
    receipts = {}
    ids = {
        m: itertools.count(bulk.next_id(m)) for m in (Filing, FilingEvent, Payment, PaymentEvent, ApologySlip)
    }
    rng = new_rng(plan.slug + ":people")
    records = seed_records.FilingRecords(new_rng(plan.slug + ":records"))
    ids[SatisfactionRating] = itertools.count(bulk.next_id(SatisfactionRating))
    ids[FilingDocument] = itertools.count(bulk.next_id(FilingDocument))
    done = 0
    while batch := list(itertools.islice(stories, BATCH)):
        filings, events, payments, payment_events, slips = [], [], [], [], []
        ratings, documents = [], []
        for t in batch:
            filing = _filing(plan, t, receipts, citizens, rng, next(ids[Filing]))
            filings.append(filing)
            staff = officials[filing["agency_id"]]
            actors = {k: u.pk for k, u in staff.items()}
            actors["applicant"] = filing["applicant_id"] or actors["desk"]
            documents += records.for_filing(filing, t, actors, ids, ratings)
            events += [
                {"id": next(ids[FilingEvent]), "filing_id": filing["id"], "action": a, "from_status": f,
                 "to_status": to, "actor_id": actors[who], "at": when, "reason": r}
                for a, f, to, when, who, r in t.events
            ]  # fmt: skip
            if t.payment:
                payment, its_events = payment_rows(filing, t, actors, ids[Payment], ids[PaymentEvent])
                payments.append(payment)
                payment_events += its_events
            if t.apology:
                slips.append({"id": next(ids[ApologySlip]), "filing_id": filing["id"],
                              "new_due_date": t.apology["new_due_date"], "issued_by_id": actors["leader"],
                              "reason": "Hồ sơ cần xác minh thêm / Needs further checks",
                              "issued_at": t.apology["issued_at"]})  # fmt: skip
        bulk.insert(Filing, filings)
        bulk.insert(FilingEvent, events)
        bulk.insert(Payment, payments)
        bulk.insert(PaymentEvent, payment_events)
        bulk.insert(ApologySlip, slips)
        bulk.insert(FilingDocument, documents)
        bulk.insert(SatisfactionRating, ratings)
        done += len(batch)
        progress(plan.name, done, total)
    bulk.reset_sequences(
        Filing, FilingEvent, Payment, PaymentEvent, ApologySlip, FilingDocument, SatisfactionRating
    )
    ReceiptCounter.objects.bulk_create(
        ReceiptCounter(agency_id=agency_id, year=year, last=last)
        for (agency_id, year), last in receipts.items()
    )


def _filing(plan, t, receipts, citizens, rng, pk):
    proc = t.procedure
    received = t.fields.get("received_at")
    receipt_number = ""
    if received:
        year = received.year
        n = receipts[proc.agency_id, year] = receipts.get((proc.agency_id, year), 0) + 1
        receipt_number = f"{proc.agency.code}/{year}/{n:06d}"
    citizen = rng.choice(citizens) if t.channel == "online" else None
    return {
        "id": pk,
        "code": f"{proc.agency.code}-{t.fields['submitted_at']:%y%m%d}-{code_for(pk)}",
        "procedure_id": proc.pk,
        "agency_id": proc.agency_id,
        "channel": t.channel,
        "national_id": None,
        "applicant_id": citizen.pk if citizen else None,
        "applicant_name": citizen.full_name if citizen else person_name(pk),
        "lookup_key": new_lookup_key(),
        "applicant_personal_id": citizen.personal_id
        if citizen
        else f"{plan.code}2{pk % 100:02d}{pk % 10**6:06d}",
        "receipt_number": receipt_number,
        "fee": proc.fee,
        "fee_settled_at": t.payment["at"] if t.payment else None,
        **t.fields,
    }


def _hotline(plan, province, agencies):
    if not plan.hotline_received:
        return
    rng = new_rng(plan.slug + ":hotline")
    cal = WorkingCalendar(province_id=province.pk)
    days, day = [], plan.start
    while day <= plan.hotline_end:
        if cal.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    pending = plan.hotline_received - plan.hotline_answered
    hotline_records = seed_records.HotlineRecords(new_rng(plan.slug + ":hotline-records"), cal)
    items = []
    for i in range(plan.hotline_received):
        is_pending = i < pending
        day = days[-1 - i % 3] if is_pending else rng.choice(days[:-1])
        received = at(day, rng.randint(7, 15), rng.randint(0, 59))
        answered = (
            None if is_pending else min(received + dt.timedelta(hours=rng.randint(1, 40)), at(days[-1], 16))
        )
        items.append(HotlineFeedback(
            province=province, agency=agencies[i % len(agencies)], caller_name=person_name(5000 + i),
            subject="Hỏi tiến độ giải quyết hồ sơ / Asks about a filing's progress", received_at=received,
            answer="" if is_pending else "Đã hướng dẫn / Guidance given", answered_at=answered,
            **hotline_records.for_item(received, answered),
        ))  # fmt: skip
    HotlineFeedback.objects.bulk_create(items, batch_size=BATCH)
