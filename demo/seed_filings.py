"""Filings of an article's data set, built in bulk with the same rules as the state machine.

Each filing walks the one-stop shop: submitted (online by its citizen, or entered by the desk), maybe a
supplement request and resubmission, received with a receipt number and a due date from the working-day
calendar, reviewed, proposed, approved or rejected (early / on time / late by the same rule as
``Filing._decide``, late ones with an apology slip issued on the due date), the result returned after the
fee is settled; or refused at the desk, or withdrawn. Every step is a :class:`FilingEvent` at the time it
happened; payments carry their :class:`PaymentEvent` history. No outbox rows: this is history the gateway
is deemed to have received when it happened, and replaying years of it would flood the live sync.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from payments.constants import CounterMethod, PaymentChannel, PaymentStatus
from services.constants import Channel, Proposal, Timeliness
from services.constants import FilingStatus as S

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

# group: (channel, payment channel or None, share of outcomes that are closed without a result)
FILING_GROUPS = {
    "full_paid_online": (Channel.ONLINE, PaymentChannel.ONLINE, "returned"),
    "full_closed": (Channel.ONLINE, None, "closed"),
    "partial_online": (Channel.ONLINE, PaymentChannel.COUNTER, "mixed"),
    "partial_counter": (Channel.COUNTER, PaymentChannel.COUNTER, "mixed"),
    "free_online": (Channel.ONLINE, None, "mixed"),
    "free_counter": (Channel.COUNTER, None, "mixed"),
}


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL)


def code_for(number):
    chars = []
    for _ in range(6):
        number, digit = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    return "".join(chars)


@dataclass
class Timeline:
    """One filing's story: its fields, its events (action, from, to, at, actor role, reason), its payment."""

    procedure: object
    channel: str
    fields: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    payment: dict | None = None
    apology: dict | None = None

    def step(self, action, source, target, when, who, reason=""):
        self.events.append((action, source, target, when, who, reason))


class FilingStory:
    """Draws the outcome and the times of filings; ``calendar`` is a WorkingCalendar."""

    def __init__(self, calendar, rng, working_days):
        self.cal = calendar
        self.rng = rng
        self.days = working_days

    def next_working_day(self, day):
        return self.cal.add_working_days(day, 1)

    def outcome(self, kind):
        if kind == "returned":
            return "approve"
        roll = self.rng.random()
        if kind == "closed":
            return "reject" if roll < 0.5 else "refuse" if roll < 0.8 else "withdraw"
        return (
            "approve" if roll < 0.95 else "reject" if roll < 0.98 else "refuse" if roll < 0.99 else "withdraw"
        )

    def timeliness(self):
        roll = self.rng.random()
        return Timeliness.EARLY if roll < 0.62 else Timeliness.ON_TIME if roll < 0.99 else Timeliness.LATE

    def build(self, procedure, group):
        channel, pay_channel, kind = FILING_GROUPS[group]
        t = Timeline(procedure=procedure, channel=channel)
        rng = self.rng
        day = rng.choice(self.days)
        submitted = at(day, rng.randint(7, 14), rng.randint(0, 59))
        who = "applicant" if channel == Channel.ONLINE else "desk"
        t.fields.update(created_at=submitted - dt.timedelta(minutes=20), submitted_at=submitted)
        t.step("submit", S.DRAFT, S.SUBMITTED, submitted, who)
        outcome = self.outcome(kind)
        paid = pay_channel if outcome == "approve" else None
        if paid == PaymentChannel.ONLINE:  # full-process: paid online right after filing
            t.payment = {"channel": paid, "at": submitted + dt.timedelta(minutes=8)}
        recv_day = self.next_working_day(day)
        if rng.random() < 0.08:  # the desk asks for a missing document; the applicant resubmits
            t.step("request_supplement", S.SUBMITTED, S.SUPPLEMENT_REQUESTED, submitted + dt.timedelta(hours=1),
                   "desk", "Thiếu bản sao giấy tờ tùy thân / Missing ID copy")  # fmt: skip
            t.step("resubmit", S.SUPPLEMENT_REQUESTED, S.SUBMITTED, at(recv_day, 8, 0), who)
            recv_day = self.next_working_day(recv_day)
        received = at(recv_day, 8, rng.randint(5, 59))
        if outcome == "refuse":
            t.step(
                "refuse", S.SUBMITTED, S.REFUSED, received, "desk", "Không thuộc thẩm quyền / Not our remit"
            )
            t.fields["status"] = S.REFUSED
            return t
        due = self.cal.add_working_days(recv_day, procedure.processing_days)
        t.fields.update(received_at=received, due_date=due)
        t.step("receive", S.SUBMITTED, S.RECEIVED, received, "desk")
        if paid == PaymentChannel.COUNTER:
            t.payment = {"channel": paid, "at": received + dt.timedelta(minutes=10)}
        t.step("start_review", S.RECEIVED, S.IN_REVIEW, received + dt.timedelta(hours=1), "specialist")
        if outcome == "withdraw":
            t.step("withdraw", S.IN_REVIEW, S.WITHDRAWN, at(self.next_working_day(recv_day), 9), who)
            t.fields["status"] = S.WITHDRAWN
            return t
        return self.decide(t, outcome, recv_day, due)

    def decide(self, t, outcome, recv_day, due):
        timeliness = self.timeliness()
        if timeliness == Timeliness.EARLY:  # any working day from receipt to the day before the due date
            before, day = [], recv_day
            while day < due:
                before.append(day)
                day = self.next_working_day(day)
            decided_on = self.rng.choice(before)
        elif timeliness == Timeliness.ON_TIME:
            decided_on = due
        else:
            # the desk apologises the first working day past the due date, with the day it will decide
            decided_on = self.cal.add_working_days(due, self.rng.randint(2, 4))
            t.apology = {"new_due_date": decided_on, "issued_at": at(self.next_working_day(due), 8, 30)}
        decided = at(decided_on, 14, self.rng.randint(0, 59))
        proposal = Proposal.APPROVE if outcome == "approve" else Proposal.REJECT
        target = S.APPROVED if outcome == "approve" else S.REJECTED
        reason = "" if outcome == "approve" else "Không đủ điều kiện / Not eligible"
        t.step("propose", S.IN_REVIEW, S.AWAITING_APPROVAL, at(decided_on, 13), "specialist", reason)
        t.step(outcome, S.AWAITING_APPROVAL, target, decided, "leader", reason)
        # the same rule as Filing._decide: compare the decision's local date with the due date
        t.fields.update(
            proposal=proposal,
            decided_at=decided,
            timeliness=(
                Timeliness.EARLY
                if decided_on < due
                else Timeliness.ON_TIME
                if decided_on == due
                else Timeliness.LATE
            ),
        )
        if outcome != "approve":
            t.fields["status"] = S.REJECTED
            return t
        returned = at(self.next_working_day(decided_on), 9, self.rng.randint(0, 59))
        t.step("return_result", S.APPROVED, S.RESULT_RETURNED, returned, "desk")
        t.fields.update(status=S.RESULT_RETURNED, result_returned_at=returned)
        return t


def payment_rows(filing, t, actors, payment_ids, event_ids):
    """The payment of a settled fee and its history: online (create, open, credit) or at the desk."""
    pk = next(payment_ids)
    paid_at = t.payment["at"]
    online = t.payment["channel"] == PaymentChannel.ONLINE
    created = paid_at - dt.timedelta(minutes=3 if online else 1)
    payment = {
        "id": pk,
        "filing_id": filing["id"],
        "channel": t.payment["channel"],
        "amount": filing["fee"],
        "status": PaymentStatus.PAID,
        "order_id": f"PAYS{pk:016d}",
        "created_at": created,
        "paid_at": paid_at,
        "platform_transaction_id": f"PG{pk:012d}" if online else "",
        "payment_url": "https://paygov.example/pay" if online else "",
        "expires_at": paid_at + dt.timedelta(minutes=12) if online else None,
        "receipt_number": "" if online else f"BL{pk:08d}",
        "counter_method": "" if online else CounterMethod.CASH,
        "recorded_by_id": None if online else actors["desk"],
    }
    steps = (
        [("create", "", PaymentStatus.CREATED, "create"), ("open", PaymentStatus.CREATED, PaymentStatus.PENDING, ""),
         ("credit", PaymentStatus.PENDING, PaymentStatus.PAID, "callback")]
        if online
        else [("create", "", PaymentStatus.CREATED, "counter"), ("credit", PaymentStatus.CREATED, PaymentStatus.PAID, "counter")]
    )  # fmt: skip
    actor = actors["applicant"] if online else actors["desk"]
    events = [
        {"id": next(event_ids), "payment_id": pk, "action": a, "from_status": f, "to_status": to, "actor_id": actor,
         "source": src, "at": created if a != "credit" else paid_at}
        for a, f, to, src in steps
    ]  # fmt: skip
    return payment, events


def new_rng(slug):
    return random.Random(f"articles:{slug}")
