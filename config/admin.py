"""The Django admin site, for superusers only (:func:`services.access.may_use_django_admin`).

Province admins work in ``/manage/``. A signed-in account that may not use the admin gets the portal's own
403 page (not the admin's sign-in form, "Trang quản trị cho Django", which would invite it to sign in
again); an anonymous visitor is sent to the admin's sign-in page, as Django does.
"""

from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class SuperuserAdminSite(AdminSite):
    def has_permission(self, request):
        from services import access

        return access.may_use_django_admin(request.user)

    def _refuse_signed_in_non_superusers(self, request):
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request, *args, **kwargs):
            self._refuse_signed_in_non_superusers(request)
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request, extra_context=None):
        self._refuse_signed_in_non_superusers(request)
        return super().login(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin.SuperuserAdminSite"
