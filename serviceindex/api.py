"""``GET /api/v1/reports/service-index/``: the index of a province or agency over a period. The same
parameters, readers and refusals as the report's summary (:mod:`portal.reports.api`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import errors
from api.throttles import ApiThrottled
from portal.reports import replica
from portal.reports.api import IsReportReader, SummaryQuerySerializer
from serviceindex.compute import compute
from services import access
from services.exceptions import NotPermitted


class ServiceIndexView(ApiThrottled, APIView):
    """``{"total", "max": 100, "groups": [{"key", "name_vi", "name_en", "points", "max", "indicators":
    [{"key", "numerator", "denominator", "rate", "points", "max"}]}]}``; rates in percent, two decimals."""

    permission_classes = [IsReportReader]

    @extend_schema(
        summary="Bộ chỉ số 766 / the service index of Decision 766",
        parameters=[SummaryQuerySerializer],
        responses={200: OpenApiTypes.OBJECT, **errors(400, 401, 403)},
    )
    @replica.reading  # the read replica when DATABASE_REPLICA_URL is set, as the report's API
    def get(self, request):
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        if not access.report_provinces(request.user).filter(pk=q["scope"].province_id).exists():
            raise NotPermitted(
                _("Chỉ xem báo cáo của tỉnh mình / You read your own province's reports only.")
            )
        return Response(compute(q["scope"], q["period"]))
