"""Who may call which endpoint at all; who may take which step is decided by the services (403/409)."""

from rest_framework.permissions import BasePermission

from services.constants import OFFICIAL_ROLES


class IsAgencyOfficial(BasePermission):
    """A desk officer, specialist or leader attached to an agency (the officials' queue)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user.is_authenticated and user.agency_id and any(user.has_role(r) for r in OFFICIAL_ROLES)
        )
