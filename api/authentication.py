"""The API's token authentication: the token, its user and the user's roles in one statement.

Every API request is authenticated, and nearly every one then asks the user's roles (``User.role_names``,
the groups): DRF's ``TokenAuthentication`` reads the token with its user, and the roles cost a second
query. Here they come as an array in the same statement (PostgreSQL; elsewhere DRF's own read, and the
roles are read when first asked). The roles are still decided by ``User.role_names`` alone: this only
fills what it would read. A token that is unknown, or whose user is inactive, goes to DRF's own check and
its answer (401).
"""

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import OuterRef
from rest_framework import authentication


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        if connection.vendor != "postgresql":
            return super().authenticate_credentials(key)
        from django.contrib.postgres.expressions import ArraySubquery

        roles = Group.objects.filter(user=OuterRef("user_id")).values("name")
        token = (
            self.get_model()
            .objects.select_related("user")
            .annotate(role_names=ArraySubquery(roles))
            .filter(key=key)
            .first()
        )
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # DRF's refusal, in its words
        token.user.prefill_roles(token.role_names)
        return token.user, token
