"""Roles are Django groups; this makes sure they exist with their permissions."""

from django.contrib.auth.models import Group, Permission

from services.constants import Role

# Admins manage the catalog, the calendar and users; officials work through the one-stop shop's steps,
# which are checked by the transition rules (role + agency), not by model permissions.
ADMIN_MODELS = ("province", "agency", "procedure", "requireddocument", "calendarday", "user")


def ensure_role_groups(**kwargs):
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    perms = Permission.objects.filter(
        content_type__app_label="services", content_type__model__in=ADMIN_MODELS
    )
    groups[Role.ADMIN].permissions.add(*perms)
    view = Permission.objects.filter(content_type__app_label="services", codename__startswith="view_")
    groups[Role.ADMIN].permissions.add(*view)
    return groups
