"""The Django admin is for superusers only: a province admin made on /manage/ cannot reach it.

The critical hole of issue 11, reproduced as the attacker would: an admin created on /manage/ signs in at
/admin/, ticks "superuser" on their own account, or sets a new password for an official of another
province and signs in as them. Each attempt is refused as Django refuses a non-staff user (to the admin's
sign-in page) and changes nothing.
"""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from services.constants import Role
from services.models import User
from tests.factories import AgencyFactory, official

PASSWORD = "Quan-tri-2026-an-toan"
NEW_PASSWORD = "Mat-khau-moi-2026-xyz"


@pytest.fixture
def made_on_manage(client, db):
    """An admin of province A, created by another admin of A through /manage/users/new/."""
    agency = AgencyFactory(code="UBND-A")
    creator = official(Role.ADMIN, agency, username="quantri_a")
    client.force_login(creator)
    response = client.post(
        reverse("manage:official_create"),
        {
            "username": "quantri_moi",
            "full_name": "Trần Văn Mới",
            "email": "moi@example.vn",
            "role": Role.ADMIN.value,
            "agency": agency.code,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content
    client.logout()
    return User.objects.get(username="quantri_moi")


def _sign_in_at_admin(client, user):
    return client.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD, "next": "/admin/"}
    )


def test_an_admin_made_on_manage_gets_neither_staff_nor_model_permissions(made_on_manage):
    assert not made_on_manage.is_staff
    assert not made_on_manage.get_all_permissions()
    assert not Group.objects.get(name=Role.ADMIN.value).permissions.exists()


def test_an_admin_made_on_manage_cannot_sign_in_at_the_django_admin(client, made_on_manage):
    response = _sign_in_at_admin(client, made_on_manage)
    assert response.status_code == 200  # the sign-in form again, as for any non-staff account
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/").url.startswith(reverse("admin:login"))


def test_an_admin_cannot_make_themself_superuser_through_the_django_admin(client, made_on_manage):
    client.force_login(made_on_manage)  # even with a session already open
    url = reverse("admin:services_user_change", args=[made_on_manage.pk])
    assert client.get(url).status_code == 403  # signed in, not a superuser: the portal's 403 page
    response = client.post(
        url,
        {
            "username": made_on_manage.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    made_on_manage.refresh_from_db()
    assert not made_on_manage.is_superuser


def test_an_admin_cannot_set_the_password_of_an_official_of_another_province(client, made_on_manage):
    victim = official(Role.LEADER, AgencyFactory(code="UBND-B"), username="lanhdao_b")
    victim.set_password(PASSWORD)
    victim.save()
    client.force_login(made_on_manage)
    url = reverse("admin:auth_user_password_change", args=[victim.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD) and not victim.check_password(NEW_PASSWORD)
    client.logout()
    client.post(reverse("portal:login"), {"username": "lanhdao_b", "password": NEW_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_superuser_still_works_in_the_django_admin(client, db):
    root = official(Role.ADMIN, None, username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:services_user_change", args=[root.pk])).status_code == 200


def test_the_data_migration_takes_staff_and_model_permissions_from_existing_non_superusers(db):
    """What main gave its admins (is_staff, the admin group's model permissions) is taken back."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    migration = importlib.import_module("services.migrations.0005_django_admin_for_superusers_only")
    group = Group.objects.get_or_create(name=Role.ADMIN.value)[0]
    change_user = Permission.objects.get(codename="change_user", content_type__app_label="services")
    group.permissions.add(change_user)
    old_admin = official(Role.ADMIN, AgencyFactory(), username="quantri_cu", is_staff=True)
    old_admin.user_permissions.add(change_user)
    root = official(Role.ADMIN, None, username="root", is_superuser=True, is_staff=True)
    migration.close_the_django_admin(apps, None)
    old_admin = User.objects.get(pk=old_admin.pk)
    assert not old_admin.is_staff and not old_admin.get_all_permissions()
    assert not group.permissions.exists()
    assert User.objects.get(pk=root.pk).is_staff  # superusers keep the Django admin


def test_staff_status_alone_does_not_open_the_django_admin(client, db):
    """Even a non-superuser left with ``is_staff`` (ticked by hand) is answered as a non-staff user."""
    staff = official(Role.ADMIN, AgencyFactory(), username="quantri_staff", is_staff=True)
    client.force_login(staff)
    response = client.get("/admin/services/user/")
    assert response.status_code == 403  # the portal's 403 page, as for any signed-in non-superuser
