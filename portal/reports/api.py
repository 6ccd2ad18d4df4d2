"""The reports in the REST API: the same figures as ``manage.py report --format json``, and the
reconciliation with the articles' printed figures. Readers: :func:`services.access.report_provinces`, as
the ``/reports/`` page."""

from dataclasses import asdict

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import errors
from api.throttles import ApiThrottled
from portal.reports import replica
from portal.reports.metrics import Period, Scope, compute
from portal.reports.reconcile import reconcile_for
from services import access
from services.exceptions import NotPermitted
from services.models import Agency, Province
from services.params import check_date


class IsReportReader(BasePermission):
    """A province's admins and leaders read its reports, superusers every province's."""

    def has_permission(self, request, view):
        return access.may_read_reports(request.user)


class SummaryQuerySerializer(serializers.Serializer):
    province = serializers.SlugField(help_text="ben-tre, an-giang, ...")
    agency = serializers.CharField(required=False, help_text="agency code: the agency and its sub-agencies")
    to = serializers.DateField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()  # a Python keyword, so declared here
        return fields

    def validate_to(self, value):
        return check_date("to", value)

    def validate(self, attrs):
        check_date("from", attrs["from"])
        province = Province.objects.filter(slug=attrs["province"]).first()
        if province is None:
            raise serializers.ValidationError({"province": "Không có tỉnh này / unknown province."})
        scope = Scope.for_province(province)
        if attrs.get("agency"):
            agency = Agency.objects.filter(province=province, code=attrs["agency"]).first()
            if agency is None:
                raise serializers.ValidationError({"agency": "Không có cơ quan này / unknown agency."})
            scope = Scope.for_agency(agency)
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError(
                {"to": "Ngày kết thúc trước ngày bắt đầu / 'to' is before 'from'."}
            )
        return {**attrs, "scope": scope, "period": Period(attrs["from"], attrs["to"])}


class SummaryView(ApiThrottled, APIView):
    """Every metric of DOMAIN.md for a province or agency over a period; rates in percent, two decimals."""

    permission_classes = [IsReportReader]

    @extend_schema(
        summary="Các chỉ số báo cáo / the report's figures",
        parameters=[SummaryQuerySerializer],
        responses={200: OpenApiTypes.OBJECT, **errors(400, 401, 403)},
    )
    @replica.reading
    def get(self, request):
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        if not access.report_provinces(request.user).filter(pk=q["scope"].province_id).exists():
            raise NotPermitted(
                _("Chỉ xem báo cáo của tỉnh mình / You read your own province's reports only.")
            )
        header = {
            "province": q["province"],
            "agency": q.get("agency"),
            "from": str(q["from"]),
            "to": str(q["to"]),
        }
        return Response({**header, **compute(q["scope"], q["period"])})


class ReconciliationView(ApiThrottled, APIView):
    """Each figure the articles printed beside the value recomputed from the records."""

    permission_classes = [IsReportReader]

    @extend_schema(
        summary="Đối chiếu số liệu bài báo / the articles' figures reconciled",
        responses={200: OpenApiTypes.OBJECT, **errors(401, 403)},
    )
    @replica.reading
    def get(self, request):
        return Response({"results": [asdict(line) for line in reconcile_for(request.user)]})
