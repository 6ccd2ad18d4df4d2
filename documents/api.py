"""``POST /api/v1/verify/``: anyone checks a PDF (multipart ``file``), no sign-in, throttled per address."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import errors
from api.throttles import THROTTLES
from documents import services
from services.exceptions import InvalidInput

MAX_UPLOAD = 10 * 1024 * 1024


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp PDF cần kiểm tra / the PDF to check")


class VerifyResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField(
        help_text="chữ ký số hợp lệ và tệp đúng như bản đã ký / genuine, unchanged"
    )
    signed_by = serializers.CharField(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    filing_code = serializers.CharField(allow_null=True)
    document = serializers.UUIDField(allow_null=True)
    revoked = serializers.BooleanField()
    revoked_reason = serializers.CharField(allow_null=True)


class VerifyView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]
    throttle_classes = THROTTLES

    @extend_schema(
        summary="Kiểm tra văn bản điện tử / verify a signed PDF",
        request={"multipart/form-data": VerifyRequestSerializer},
        responses={200: VerifyResultSerializer, **errors(400)},
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(
                _("Chọn một tệp PDF để kiểm tra / Choose a PDF file to check."),
                code="file_missing",
                field="file",
            )
        if upload.size > MAX_UPLOAD:
            raise InvalidInput(
                _("Tệp quá lớn (tối đa 10 MB) / The file is too large (10 MB at most)."),
                code="file_size",
                field="file",
            )
        return Response(services.verify_pdf(upload.read()))
