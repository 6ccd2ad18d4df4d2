"""Small worlds built through the real services, at chosen times (time-machine moves the clock)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from services import services
from services.constants import AgencyLevel, OnlineLevel, Role
from services.models import ProcedurePublication
from tests.builders import new_draft
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory, citizen, official
from tests.payments.conftest import platform  # noqa: F401  (the mock Payment Platform over HTTP)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def local(day, hour=9, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL)


def at(when):
    """Run the services as if it were ``when``."""
    return time_machine.travel(when, tick=False)


@pytest.fixture(autouse=True)
def _quiet_gateway(settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = False  # delivery is not what these tests are about


class World:
    """A province with a district and one of its communes, procedures at each level, and their staff."""

    def __init__(self, slug="tinh-bao-cao"):
        self.province = ProvinceFactory(slug=slug)
        self.district = AgencyFactory(province=self.province, level=AgencyLevel.DISTRICT)
        self.commune = AgencyFactory(province=self.province, parent=self.district, level=AgencyLevel.COMMUNE)
        self.full_fee = self.procedure(self.district, OnlineLevel.FULL, fee=100_000)
        self.partial_fee = self.procedure(self.commune, OnlineLevel.PARTIAL, fee=20_000)
        self.full_free = self.procedure(self.commune, OnlineLevel.FULL)
        self.offline = self.procedure(self.district, OnlineLevel.NONE, fee=50_000)
        self.staff = {
            agency.pk: {
                "desk": official(Role.DESK, agency),
                "specialist": official(Role.SPECIALIST, agency),
                "leader": official(Role.LEADER, agency),
            }
            for agency in (self.district, self.commune)
        }
        self.applicant = citizen(7)

    def procedure(self, agency, level, fee=0, days=3):
        return ProcedureFactory(
            agency=agency, online_level=level, fee=fee, processing_days=days, documents=[("Tờ khai", False)]
        )

    def publish(self, procedure, when):
        """The gateway's acknowledgement of a publication at ``when`` (a catalog fact)."""
        ProcedurePublication.objects.create(
            procedure=procedure, state="published", desired="published", ack_id="A1", published_at=when
        )

    def actors(self, filing):
        staff = self.staff[filing.agency_id]
        return {**staff, "applicant": self.applicant if filing.applicant_id else staff["desk"]}

    def file(self, procedure, when, channel="online"):
        with at(when):
            if channel == "online":
                filing = new_draft(procedure, self.applicant)
            else:
                filing = services.create_filing(
                    procedure=procedure,
                    actor=self.staff[procedure.agency_id]["desk"],
                    applicant_name="Trần Bình",
                    applicant_personal_id="086090000123",
                    channel=channel,
                )
            return self.step(filing, "submit", when)

    def step(self, filing, action, when, **kwargs):
        who = {
            "submit": "applicant",
            "resubmit": "applicant",
            "withdraw": "applicant",
            "receive": "desk",
            "refuse": "desk",
            "return_result": "desk",
            "request_supplement": "desk",
            "start_review": "specialist",
            "propose": "specialist",
        }.get(action, "leader")
        with at(when):
            return services.TRANSITIONS[action](filing=filing, actor=self.actors(filing)[who], **kwargs)

    def walk(self, filing, steps):
        """``steps``: [(action, when, kwargs)]."""
        for action, when, kwargs in steps:
            filing = self.step(filing, action, when, **kwargs)
        return filing


@pytest.fixture
def world(db):
    return World()
