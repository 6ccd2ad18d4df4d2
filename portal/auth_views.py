"""Sign-in pages: username and password, or VNeID (OpenID Connect authorization-code flow)."""

import logging

from authlib.integrations.base_client import OAuthError
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from requests import RequestException

from portal import services, vneid
from services import access

log = logging.getLogger(__name__)


class PortalLoginView(LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True


class PortalLogoutView(LogoutView):
    pass


def vneid_start(request):
    """Send the browser to VNeID; the state and nonce are kept in the session by Authlib."""
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        request.session["vneid_next"] = next_url
    try:
        return vneid.client().authorize_redirect(request, vneid.redirect_uri())
    except (OAuthError, RequestException) as exc:
        log.warning("VNeID discovery failed: %s", exc)
        messages.error(request, _("Không kết nối được VNeID, hãy thử lại sau."))
        return redirect("portal:login")


def vneid_callback(request):
    """Check the code's ID token (signature, issuer, audience, nonce), then sign the citizen in."""
    try:
        token = vneid.client().authorize_access_token(request)
        claims = token.get("userinfo") or {}
        user = services.citizen_from_vneid(
            personal_id=claims.get("sub", ""), full_name=claims.get("name", "")
        )
    except (OAuthError, RequestException, ValidationError) as exc:
        log.warning("VNeID sign-in refused: %s", exc)
        messages.error(request, _("Đăng nhập VNeID không thành công."))
        return redirect("portal:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(request.session.pop("vneid_next", "") or "portal:start")


@login_required
def start(request):
    """Where signing in lands: admins at their pages, officials at their queue, citizens at their filings."""
    user = request.user
    if access.may_manage(user):
        return redirect("manage:index")
    if access.is_official(user):
        return redirect("portal:queue")
    if access.is_citizen(user):
        return redirect("portal:my_filings")
    return redirect("portal:home")
