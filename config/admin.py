"""The Django admin site, for superusers only (:func:`services.access.may_use_django_admin`).

Province admins work in ``/manage/``; anyone else who opens ``/admin/`` is answered as Django answers a
non-staff user: the admin's sign-in page, and nothing behind it.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(AdminSite):
    def has_permission(self, request):
        from services import access

        return access.may_use_django_admin(request.user)


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin.SuperuserAdminSite"
