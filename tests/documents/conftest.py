"""A province with one full-process procedure, its officials and an applicant, plus an admin of the
province and one of another province."""

import pytest

from services.constants import OnlineLevel, Role
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory, citizen, official


class World:
    def __init__(self):
        self.province = ProvinceFactory(slug="vinh-long", code="86", name="Tỉnh Vĩnh Long")
        self.agency = AgencyFactory(code="UBND-VL", name="UBND thành phố Vĩnh Long", province=self.province)
        self.procedure = ProcedureFactory(
            agency=self.agency, name="Đăng ký thành lập hộ kinh doanh", online_level=OnlineLevel.FULL
        )
        self.actors = {
            "applicant": citizen(1, first_name="Bình", last_name="Trần Thị"),
            "desk": official(Role.DESK, self.agency, first_name="Cúc", last_name="Lê Thị"),
            "specialist": official(Role.SPECIALIST, self.agency),
            "leader": official(Role.LEADER, self.agency),
        }
        self.applicant = self.actors["applicant"]
        self.admin = official(Role.ADMIN, self.agency)
        self.other_admin = official(Role.ADMIN, AgencyFactory())

    def filing(self, state):
        return drive(new_draft(self.procedure, self.applicant), state, self.actors)


@pytest.fixture
def world(db):
    return World()
