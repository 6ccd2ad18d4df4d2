"""``/api/v1/``: the catalog, filings and their steps, the officials' queue, payments, the national
gateway's inbound filings, tokens, schema and docs."""

from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from api.schema import errors
from api.throttles import THROTTLES
from documents.api import VerifyView
from services.api.gateway import InboundFilingView
from services.api.viewsets import FilingViewSet, ProcedureViewSet, QueueViewSet

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("filings", FilingViewSet, basename="filing")
router.register("queue", QueueViewSet, basename="queue")


@extend_schema(summary="Lấy token / obtain a token", responses={200: AuthTokenSerializer, **errors(400)})
class ObtainToken(ObtainAuthToken):
    """Exchange a username and password for the client's token (``Authorization: Token <key>``)."""

    throttle_classes = THROTTLES


urlpatterns = [
    path("", include("payments.api.urls")),  # the payments API lives beside its domain
    path("", include(router.urls)),
    path("gateway/inbound/filings/", InboundFilingView.as_view(), name="gateway-inbound-filing"),
    path("verify/", VerifyView.as_view(), name="verify"),  # anyone checks a signed PDF
    path("auth/token/", ObtainToken.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
