"""The applicant of a citizen's filing is the signed-in citizen; a walk-in's identity is the desk's entry."""

import pytest

from services.constants import Channel
from services.models import Filing
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db
SOMEONE_ELSE = "079203000999"


def _create(world, who, **body):
    return client_for(world[who], "en").post(
        "/api/v1/filings/", {"procedure": world["procedure"].id, **body}, format="json"
    )


def test_a_citizen_cannot_file_under_someone_elses_personal_id(world):
    answer = _create(world, "applicant", applicant_name="Lê Văn Khác", applicant_personal_id=SOMEONE_ELSE)
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "applicant_mismatch" and body["field"] == "applicant_personal_id"
    assert "personal ID" in body["message_en"] and "định danh" in body["message_vi"]
    assert body["message_vi"] != body["message_en"]
    assert Filing.objects.count() == 0


def test_a_citizen_cannot_file_under_another_name(world):
    citizen = world["applicant"]
    answer = _create(
        world, "applicant", applicant_name="Lê Văn Khác", applicant_personal_id=citizen.personal_id
    )
    assert answer.status_code == 400 and answer.json()["field"] == "applicant_name"
    assert Filing.objects.count() == 0


def test_a_citizens_filing_takes_name_and_personal_id_from_the_account(world):
    citizen = world["applicant"]
    answer = _create(world, "applicant")
    assert answer.status_code == 201, answer.json()
    filing = Filing.objects.get()
    assert filing.applicant == citizen and filing.applicant_personal_id == citizen.personal_id
    assert filing.applicant_name == citizen.get_full_name()


def test_the_accounts_own_name_in_another_case_or_spacing_is_accepted(world):
    citizen = world["applicant"]
    name = "  " + citizen.get_full_name().upper().replace(" ", "  ") + " "
    answer = _create(world, "applicant", applicant_name=name, applicant_personal_id=citizen.personal_id)
    assert answer.status_code == 201
    assert Filing.objects.get().applicant_name == citizen.get_full_name()


def test_the_desk_enters_a_walk_ins_identity(world):
    answer = _create(
        world,
        "desk",
        channel=Channel.COUNTER,
        applicant_name="Lê Văn Khác",
        applicant_personal_id=SOMEONE_ELSE,
    )
    assert answer.status_code == 201
    filing = Filing.objects.get()
    assert filing.applicant is None and filing.applicant_personal_id == SOMEONE_ELSE


def test_a_walk_in_needs_a_name_and_a_personal_id(world):
    answer = _create(world, "desk", channel=Channel.COUNTER)
    assert answer.status_code == 400
    assert set(answer.json()["errors"]) == {"applicant_name", "applicant_personal_id"}
