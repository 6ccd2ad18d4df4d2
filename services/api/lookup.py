"""``POST /api/v1/lookup/``: the public status lookup's API twin (Tra cứu hồ sơ), no sign-in.

The same function as the page (:func:`services.lookup.find_filing`), the same throttle per client address
(``LOOKUP_RATE``, shared with the page), and the same 404 for a wrong code and a wrong key."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import errors
from api.throttles import LookupThrottle
from services import lookup
from services.constants import FilingStatus
from services.exceptions import NotFound


class LookupRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="Mã hồ sơ / the filing's code")
    key = serializers.CharField(
        max_length=12, help_text="Mã tra cứu in trên giấy tiếp nhận / the receipt's key"
    )


class LookupResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=FilingStatus.choices)
    status_label = serializers.CharField()
    procedure = serializers.CharField()
    agency = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    next_step = serializers.CharField()
    applicant = serializers.CharField(help_text="Họ tên đã che / the masked name")


class LookupView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LookupThrottle]

    @extend_schema(
        summary="Tra cứu hồ sơ / look up a filing's status by its code and the receipt's key",
        request=LookupRequestSerializer,
        responses={200: LookupResultSerializer, **errors(400, 404)},
    )
    def post(self, request):
        body = LookupRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        filing = lookup.find_filing(body.validated_data["code"], body.validated_data["key"])
        if filing is None:
            raise NotFound(
                _("Không tìm thấy hồ sơ với mã và mã tra cứu này / No filing with this code and key.")
            )
        return Response(LookupResultSerializer(lookup.public_status(filing)).data)
