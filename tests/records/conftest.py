"""A province with a full-process procedure, its officials, its applicant and a second citizen, an admin
of the province and one of another province; filings driven through the real services."""

import pytest
from django.test import Client

from services.constants import OnlineLevel, Role
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory, citizen, official


class World:
    def __init__(self):
        self.province = ProvinceFactory(slug="vinh-long", code="86", name="Tỉnh Vĩnh Long")
        self.agency = AgencyFactory(code="UBND-VL", province=self.province)
        self.procedure = ProcedureFactory(agency=self.agency, online_level=OnlineLevel.FULL)
        self.people = {
            "applicant": citizen(1),
            "other_citizen": citizen(2),
            "desk": official(Role.DESK, self.agency),
            "specialist": official(Role.SPECIALIST, self.agency),
            "leader": official(Role.LEADER, self.agency),
            "admin": official(Role.ADMIN, self.agency),
            "other_admin": official(Role.ADMIN, AgencyFactory()),
        }
        self.applicant = self.people["applicant"]
        self.desk = self.people["desk"]

    def filing(self, state, procedure=None):
        return drive(new_draft(procedure or self.procedure, self.applicant), state, self.people)

    def client(self, who):
        client = Client()
        client.force_login(self.people[who] if isinstance(who, str) else who)
        return client


@pytest.fixture
def world(db):
    return World()
