"""A step posted with a body that is not valid JSON answers 400 parse_error and changes nothing."""

import pytest

from services import services
from services.constants import FilingStatus as S
from services.models import Filing, FilingEvent
from tests.api.conftest import client_for
from tests.builders import drive, new_draft

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("step", sorted(services.TRANSITIONS))
@pytest.mark.parametrize("body", ["{oops", '{"reason": "x"', "\x00", "[1,"])
def test_a_malformed_json_body_is_refused_whichever_step(world, step, body):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    events = FilingEvent.objects.count()
    response = client_for(world["desk"], "en").post(
        f"/api/v1/filings/{filing.code}/{step}/", body, content_type="application/json"
    )
    assert response.status_code == 400, (step, response.content)
    assert response.json()["code"] == "parse_error"
    assert Filing.objects.get(pk=filing.pk).status == S.SUBMITTED
    assert FilingEvent.objects.count() == events


def test_the_same_step_with_an_empty_or_valid_body_is_taken(world):
    filing = drive(new_draft(world["procedure"], world["applicant"]), S.SUBMITTED, world)
    response = client_for(world["desk"]).post(
        f"/api/v1/filings/{filing.code}/receive/", "", content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == S.RECEIVED
