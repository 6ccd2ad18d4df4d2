"""Who may call which endpoint at all; who may take which step is decided by the services (403/409)."""

from rest_framework.permissions import BasePermission

from services import access


class IsAgencyOfficial(BasePermission):
    """A desk officer, specialist or leader attached to an agency (the officials' queue)."""

    def has_permission(self, request, view):
        return access.is_official(request.user)
