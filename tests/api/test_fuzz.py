"""schemathesis against our schema: a bounded number of generated requests per operation, sent as several
roles, on a real filing and procedure; no 5xx, and every response is one the schema documents.

(schemathesis's own pytest plugin does not run under pytest 9 yet, so each operation's Hypothesis
strategy is driven here by a plain parametrized test.)
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from services.constants import FilingStatus as S
from tests.builders import drive, new_draft

FUZZ_ROLES = ("anonymous", "applicant", "desk", "specialist", "leader", "other_desk", "admin")
GATEWAY_TOKEN = "fuzz-gateway-inbound-token"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

_spec = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
SCHEMA = schemathesis.openapi.from_dict(_spec)
SCHEMA.app = application
OPERATIONS = [
    (method.upper(), path)
    for path, item in _spec["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
]


@pytest.fixture
def _keep_the_test_connection():
    """The WSGI handler closes "old" connections around each request, which on PostgreSQL would close
    the test's own transaction; Django's test client does the same as this while it calls the app."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_keep_the_test_connection")
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_operation_answers_a_5xx_or_an_undocumented_response_for_any_role(
    world, monkeypatch, request, method, path
):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/min", "user": "100000/min"})
    request.getfixturevalue("settings").NATIONAL_GATEWAY_INBOUND_TOKEN = GATEWAY_TOKEN
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    real = {"code": filing.code, "id": world["procedure"].id}
    fixed = {name: value for name, value in real.items() if f"{{{name}}}" in path}
    tokens = {
        role: {"Authorization": f"Token {Token.objects.get_or_create(user=world[role])[0].key}"}
        for role in FUZZ_ROLES
        if world[role] is not None
    }
    tokens["gateway"] = {"Authorization": f"Bearer {GATEWAY_TOKEN}"}  # the national gateway's inbound door

    @given(case=SCHEMA[path][method].as_strategy(path_parameters=fixed))
    @settings(
        max_examples=6,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def every_role_gets_a_documented_answer(case):
        for role in (*FUZZ_ROLES, "gateway"):
            case.call_and_validate(headers=tokens.get(role, {}), checks=CHECKS)

    every_role_gets_a_documented_answer()
