"""Roles are Django groups; this makes sure they exist.

No role carries model permissions: officials work through the one-stop shop's steps (checked by the
transition rules, role + agency), province admins through ``/manage/``; who may reach what is decided by
:mod:`services.access`. The Django admin is for superusers only.
"""

from django.contrib.auth.models import Group

from services.constants import Role


def ensure_role_groups(**kwargs):
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
