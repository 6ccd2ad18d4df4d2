"""Names as Vietnamese write them: one full name, family name first, from VNeID and from /manage/; the
same on the filing page, the receipt slip, the officials' queue and the timeline."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from portal.services import citizen_from_vneid
from services.constants import FilingStatus as S
from services.models import Filing, User
from tests.builders import drive, new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(world):
    """The applicant and the desk officer named as the demo names them."""
    for user, (full, last, first) in (
        (world.applicant, ("Nguyễn Văn An", "Nguyễn Văn", "An")),
        (world.actors["desk"], ("Lê Thị Cúc", "Lê Thị", "Cúc")),
    ):
        user.full_name, user.last_name, user.first_name = full, last, first
        user.save()
    return world


def test_the_full_name_reads_family_name_first(named):
    assert named.applicant.get_full_name() == "Nguyễn Văn An"
    assert named.applicant.get_short_name() == "An"
    legacy = User(first_name="Bình", last_name="Trần Thị")  # an account without full_name
    assert legacy.get_full_name() == "Trần Thị Bình"


def test_vneid_gives_the_full_name_in_natural_order(db):
    user = citizen_from_vneid(personal_id="086090000777", full_name="  Phạm   Thị Hồng Nhung ")
    assert user.get_full_name() == "Phạm Thị Hồng Nhung"
    assert (user.last_name, user.first_name) == ("Phạm Thị Hồng", "Nhung")
    again = citizen_from_vneid(personal_id="086090000777", full_name="Phạm Thị Hồng Nhung")
    assert again.pk == user.pk and User.objects.filter(personal_id="086090000777").count() == 1


def test_the_name_order_on_the_filing_page_receipt_queue_and_timeline(client, named):
    filing = drive(new_draft(named.procedure, named.applicant), S.RECEIVED, named.actors)
    assert filing.applicant_name == "Nguyễn Văn An"
    client.force_login(named.applicant)
    page = client.get(reverse("portal:filing", args=[filing.code])).content.decode()
    assert "Nguyễn Văn An" in page and "An Nguyễn Văn" not in page
    assert "; Lê Thị Cúc)" in page and "Cúc Lê Thị" not in page  # the timeline: who received it
    slip = client.get(reverse("portal:receipt_slip", args=[filing.code])).content.decode()
    assert "<strong>Nguyễn Văn An</strong>" in slip and "An Nguyễn Văn" not in slip
    client.force_login(named.actors["desk"])
    drive(new_draft(named.procedure, named.applicant), S.SUBMITTED, named.actors)
    queue = client.get(reverse("portal:queue")).content.decode()
    assert "Nguyễn Văn An" in queue and "An Nguyễn Văn" not in queue
    assert "Lê Thị Cúc" in queue  # the sign-out button names the official


def test_an_official_made_on_manage_keeps_one_full_name(client, world):
    from services.constants import Role
    from tests.factories import official

    client.force_login(official(Role.ADMIN, world.agency, username="quantri_x"))
    response = client.post(
        reverse("manage:official_create"),
        {"username": "motcua_moi", "full_name": "Huỳnh  Thị Giang", "email": "", "role": Role.DESK.value,
         "agency": world.agency.code, "password1": "Mat-khau-ban-dau-2026", "password2": "Mat-khau-ban-dau-2026"},
    )  # fmt: skip
    assert response.status_code == 302
    assert User.objects.get(username="motcua_moi").get_full_name() == "Huỳnh Thị Giang"


def test_the_data_migration_puts_the_family_name_first(named):
    filing = new_draft(named.procedure, named.applicant)
    User.objects.filter(pk=named.applicant.pk).update(full_name="")
    Filing.objects.filter(pk=filing.pk).update(applicant_name="An Nguyễn Văn")  # as the old code wrote it
    seeded = User.objects.create(username="bt-cd0001", first_name="Công dân", last_name="1")
    fill = importlib.import_module("services.migrations.0009_user_full_name").fill
    fill(django_apps, None)
    named.applicant.refresh_from_db()
    filing.refresh_from_db()
    seeded.refresh_from_db()
    assert named.applicant.full_name == "Nguyễn Văn An" and filing.applicant_name == "Nguyễn Văn An"
    assert seeded.full_name == "Công dân 1"  # the old seeds' "Công dân" + number stay in reading order
