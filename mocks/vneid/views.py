"""The mock VNeID endpoints: discovery, the sign-in page (authorization), token and keys."""

import base64
import re
from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mocks.vneid import provider


def _issuer(request):
    return request.build_absolute_uri(reverse("mock_vneid:root")).rstrip("/")


@require_GET
def discovery(request):
    issuer = _issuer(request)
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": request.build_absolute_uri(reverse("mock_vneid:authorize")),
            "token_endpoint": request.build_absolute_uri(reverse("mock_vneid:token")),
            "jwks_uri": request.build_absolute_uri(reverse("mock_vneid:jwks")),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": ["sub", "name"],
        }
    )


@require_GET
def jwks(request):
    return JsonResponse(provider.public_jwks())


def _refuse(request, reason):
    return render(request, "mock_vneid/error.html", {"reason": reason}, status=400)


@require_http_methods(["GET", "POST"])
def authorize(request):
    """The person types their personal ID (a mock: no password, no chip card) and consents."""
    params = request.GET if request.method == "GET" else request.POST
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    # Before anything else, and never by redirecting: an unknown client or an unregistered redirect URI
    # gets an error page, or the provider would be an open redirector (and could hand a code to anyone).
    if provider.client_secret(client_id) is None:
        return _refuse(request, "Ứng dụng không được đăng ký / Unknown client_id.")
    if not provider.is_registered(client_id, redirect_uri):
        return _refuse(
            request,
            "Địa chỉ chuyển hướng (redirect_uri) chưa được đăng ký cho ứng dụng này, nên VNeID không "
            "chuyển về đó / The redirect_uri is not registered for this client, so VNeID will not "
            "redirect to it.",
        )
    if params.get("response_type", "code") != "code":
        return _refuse(request, "Kiểu phản hồi không được hỗ trợ / Unsupported response_type.")
    context = {
        "params": {k: params.get(k, "") for k in ("client_id", "redirect_uri", "state", "nonce", "scope")}
    }
    if request.method == "POST":
        personal_id = params.get("personal_id", "").strip()
        full_name = params.get("full_name", "").strip()
        if not re.fullmatch(r"\d{12}", personal_id):
            context.update(
                error="Mã định danh gồm 12 chữ số / The personal ID has 12 digits.",
                personal_id=personal_id,
                full_name=full_name,
            )
            return render(request, "mock_vneid/authorize.html", context, status=400)
        grant = provider.issue_code(
            personal_id=personal_id,
            full_name=full_name or personal_id,
            client_id=client_id,
            redirect_uri=redirect_uri,
            nonce=params.get("nonce", ""),
        )
        query = {"code": grant.code}
        if params.get("state"):
            query["state"] = params["state"]
        sep = "&" if "?" in redirect_uri else "?"
        return HttpResponseRedirect(f"{redirect_uri}{sep}{urlencode(query)}")
    return render(request, "mock_vneid/authorize.html", context)


@csrf_exempt
@require_POST
def token(request):
    client_id, secret = request.POST.get("client_id", ""), request.POST.get("client_secret", "")
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Basic "):
        try:
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        except ValueError:
            return JsonResponse({"error": "invalid_client"}, status=401)
    if request.POST.get("grant_type") != "authorization_code":
        return JsonResponse({"error": "unsupported_grant_type"}, status=400)
    try:
        answer = provider.exchange_code(
            code=request.POST.get("code"),
            client_id=client_id,
            secret=secret,
            redirect_uri=request.POST.get("redirect_uri", ""),
            issuer=_issuer(request),
        )
    except provider.TokenError as exc:
        return JsonResponse({"error": exc.error}, status=401 if exc.error == "invalid_client" else 400)
    return JsonResponse(answer, headers={"Cache-Control": "no-store"})
