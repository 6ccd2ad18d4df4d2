"""``/api/v1/``: the catalog, filings and their steps, the officials' queue, payments, the national
gateway's inbound filings, tokens, schema and docs."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.routers import DefaultRouter

from api.schema import errors
from api.throttles import THROTTLES
from documents.api import VerifyView
from services.api.gateway import InboundFilingView
from services.api.lookup import LookupView
from services.api.viewsets import FilingViewSet, ProcedureViewSet, QueueViewSet
from services.exceptions import LockedOut

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("filings", FilingViewSet, basename="filing")
router.register("queue", QueueViewSet, basename="queue")


@extend_schema(summary="Lấy token / obtain a token", responses={200: AuthTokenSerializer, **errors(400)})
class ObtainToken(ObtainAuthToken):
    """Exchange a username and password for the client's token (``Authorization: Token <key>``).

    Failures count towards the sign-in lockout (django-axes, through ``authenticate(request=...)``); a
    locked-out user name or address gets 429 ``locked_out`` whatever the password."""

    throttle_classes = THROTTLES

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                raise LockedOut() from None
            raise


# The API docs under the Content-Security-Policy: Swagger UI's start script is a file of its own (the
# split view); ReDoc renders its schema in a worker made from a blob and shows its maker's logo.
DOCS_CSP = {"worker-src": ["'self'", "blob:"]}
REDOC_CSP = {**DOCS_CSP, "img-src": ["https://cdn.redoc.ly"]}


class RedocView(SpectacularRedocView):
    template_name = "services/api/redoc.html"  # without the web fonts of a CDN


urlpatterns = [
    path("", include("payments.api.urls")),  # the payments API lives beside its domain
    path("", include(router.urls)),
    path("gateway/inbound/filings/", InboundFilingView.as_view(), name="gateway-inbound-filing"),
    path("verify/", VerifyView.as_view(), name="verify"),  # anyone checks a signed PDF
    path("lookup/", LookupView.as_view(), name="lookup"),  # anyone with the receipt: a filing's status
    path("auth/token/", ObtainToken.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", csp_update(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"
    ),
    path("redoc/", csp_update(REDOC_CSP)(RedocView.as_view(url_name="api:schema")), name="redoc"),
]
