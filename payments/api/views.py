"""Thin views over :mod:`payments.services`: errors go through the API's one exception handler.

A filing the caller may not see answers 404; who may pay or record a payment (403), and whether the
filing's state and fee allow it (400/409), is decided by the services.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import errors
from api.throttles import THROTTLES
from payments import selectors, services, views
from payments.api import serializers as s
from services import selectors as filing_selectors


def visible_filing(request, code):
    return get_object_or_404(filing_selectors.visible_filings(request.user), code=code)


@extend_schema(
    summary="Các khoản thanh toán của hồ sơ / a filing's payments",
    responses={200: s.PaymentSerializer, **errors(401, 404)},
)
class FilingPaymentsView(generics.ListAPIView):
    """Every payment of a filing, oldest first, for whoever may read the filing."""

    serializer_class = s.PaymentSerializer
    throttle_classes = THROTTLES
    filter_backends = []

    def get_queryset(self):
        return selectors.payments_of_filing(visible_filing(self.request, self.kwargs["code"]))


@extend_schema(
    summary="Thanh toán trực tuyến / start an online payment",
    description="Tạo đơn trên Nền tảng thanh toán và trả về địa chỉ chuyển người nộp đến; đơn còn hạn thì "
    "trả lại đơn đó / creates the order on the Payment Platform and returns the URL to send the applicant "
    "to; a still-open order is returned again. Only the applicant.",
    request=None,
    responses={200: s.OnlinePaymentSerializer, **errors(400, 401, 403, 404, 409)},
)
class StartOnlinePaymentView(APIView):
    throttle_classes = THROTTLES

    def post(self, request, code):
        payment = services.start_online_payment(filing=visible_filing(request, code), actor=request.user)
        return Response(s.OnlinePaymentSerializer(payment).data)


@extend_schema(
    summary="Ghi nhận nộp phí tại quầy / record a fee paid at the desk",
    request=s.CounterPaymentSerializer,
    responses={201: s.PaymentSerializer, **errors(400, 401, 403, 404, 409)},
)
class CounterPaymentView(APIView):
    """The agency's desk officer records a fee paid in cash or by transfer, with its receipt number."""

    throttle_classes = THROTTLES

    def post(self, request, code):
        filing = visible_filing(request, code)
        body = s.CounterPaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        payment = services.record_counter_payment(
            filing=filing,
            actor=request.user,
            receipt_number=body.validated_data["receipt_number"],
            method=body.validated_data["method"],
        )
        return Response(s.PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Nền tảng thanh toán báo kết quả / the Payment Platform's callback",
    description="Server-to-server, ký HMAC / HMAC-signed. Answers the platform's codes: 200 with `00` when "
    "received, 400 with another code when refused (the platform retries until `00`).",
    request=s.PlatformCallbackSerializer,
    responses={
        200: OpenApiResponse(s.PlatformAnswerSerializer),
        400: OpenApiResponse(s.PlatformAnswerSerializer),
    },
    auth=[],
)
class PlatformCallbackView(APIView):
    """The same endpoint as ``/payments/callback/`` (one implementation): the body is verified raw."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = []  # the platform retries every message until it is acknowledged

    def post(self, request):
        return views.callback(request)
