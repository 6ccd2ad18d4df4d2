"""``POST /api/v1/gateway/inbound/filings/``: the national gateway forwards a filing (bearer token).

The token check and the body's rules are :mod:`services.sync.inbound`'s, shared with the plain endpoint.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ErrorSerializer
from services.constants import FilingStatus
from services.sync import inbound

GATEWAY = "national-gateway"


class NationalGatewayAuthentication(BaseAuthentication):
    """``Authorization: Bearer <NATIONAL_GATEWAY_INBOUND_TOKEN>``; the caller is the gateway, not a user."""

    def authenticate(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return None
        if not inbound.is_gateway(header):
            raise exceptions.AuthenticationFailed()
        return (None, GATEWAY)

    def authenticate_header(self, request):
        return 'Bearer realm="national-gateway"'


class NationalGatewayScheme(OpenApiAuthenticationExtension):
    target_class = NationalGatewayAuthentication
    name = "nationalGatewayBearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Token của cổng quốc gia / gateway token"}


class IsNationalGateway(BasePermission):
    def has_permission(self, request, view):
        return request.auth == GATEWAY


class ForwardedFilingSerializer(serializers.Serializer):
    """A filing a citizen submitted on the national portal (Cổng DVC quốc gia)."""

    national_id = serializers.CharField(max_length=64, help_text="Mã hồ sơ quốc gia / national filing id")
    procedure_code = serializers.CharField(max_length=16, help_text="Mã thủ tục quốc gia / national code")
    agency_code = serializers.CharField(max_length=32)
    applicant_name = serializers.CharField(max_length=200)
    applicant_personal_id = serializers.CharField(max_length=12)
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_email = serializers.EmailField(required=False, allow_blank=True)
    applicant_address = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ForwardedFilingResultSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã hồ sơ của cổng tỉnh / the portal's filing code")
    national_id = serializers.CharField()
    status = serializers.ChoiceField(choices=FilingStatus.choices)
    created = serializers.BooleanField(help_text="false khi đã nhận trước đó / false when forwarded before")


class InboundFilingView(APIView):
    """Idempotent by national id: 201 the first time, 200 with the same filing every time after."""

    authentication_classes = [NationalGatewayAuthentication]
    permission_classes = [IsNationalGateway]
    parser_classes = [JSONParser]
    throttle_classes = []  # one trusted caller, which retries; a throttle would only delay filings

    @extend_schema(
        summary="Nhận hồ sơ từ cổng quốc gia / a filing forwarded by the national gateway",
        request=ForwardedFilingSerializer,
        responses={
            201: ForwardedFilingResultSerializer,
            200: ForwardedFilingResultSerializer,
            **{code: OpenApiResponse(ErrorSerializer) for code in (400, 401)},
        },
    )
    def post(self, request):
        body = ForwardedFilingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        filing, created = inbound.receive_forwarded(body.validated_data)
        answer = {"code": filing.code, "national_id": filing.national_id, "status": filing.status}
        return Response(
            ForwardedFilingResultSerializer({**answer, "created": created}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
