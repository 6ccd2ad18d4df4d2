"""A world for the reliability suite: one agency, a procedure with no mandatory upload (the load is the
steps), a fee procedure for payments, citizens and two officials of each role, with API tokens."""

import pytest

from services.constants import OnlineLevel, Role
from tests.factories import AgencyFactory, ProcedureFactory, citizen, official
from tests.reliability.driver import token_for

FEE = 50_000


class World:
    def __init__(self, citizens=8):
        self.agency = AgencyFactory()
        self.procedure = ProcedureFactory(agency=self.agency, documents=[("Ảnh chân dung", False)])
        self.fee_procedure = ProcedureFactory(
            agency=self.agency, fee=FEE, online_level=OnlineLevel.FULL, documents=[("Ảnh chân dung", False)]
        )
        self.citizens = [citizen(100 + n) for n in range(citizens)]
        self.officials = {
            key: [official(role, self.agency) for _ in range(2)]
            for key, role in (("desk", Role.DESK), ("specialist", Role.SPECIALIST), ("leader", Role.LEADER))
        }
        self.tokens = {user.pk: token_for(user) for user in self.everyone()}

    def everyone(self):
        return [*self.citizens, *(u for users in self.officials.values() for u in users)]

    def token(self, user):
        return self.tokens[user.pk]


@pytest.fixture
def world(transactional_db):
    return World()
