"""Shapes of the payments API; what may be paid, by whom and when is :mod:`payments.services`' call."""

from rest_framework import serializers

from payments.constants import Answer, CounterMethod
from payments.models import Payment


class PaymentSerializer(serializers.ModelSerializer):
    """A payment of a filing's fee (phí, lệ phí): online through the platform or at the desk."""

    # Blank for the other channel: documented as the enum or "".
    counter_method = serializers.ChoiceField(choices=CounterMethod.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "order_id",
            "channel",
            "status",
            "amount",
            "currency",
            "payment_url",
            "expires_at",
            "created_at",
            "paid_at",
            "receipt_number",
            "counter_method",
            "refunded_amount",
        ]
        read_only_fields = fields


class OnlinePaymentSerializer(serializers.ModelSerializer):
    """Where to send the applicant: the platform's page for this order (``payment_url``)."""

    class Meta:
        model = Payment
        fields = ["order_id", "status", "amount", "currency", "payment_url", "expires_at"]
        read_only_fields = fields


class CounterPaymentSerializer(serializers.Serializer):
    receipt_number = serializers.CharField(max_length=40, help_text="Số biên lai thu phí / receipt number")
    method = serializers.ChoiceField(choices=CounterMethod.choices, default=CounterMethod.CASH)


class PlatformCallbackSerializer(serializers.Serializer):
    """The platform's signed message (documentation only: the body is verified as raw text)."""

    type = serializers.ChoiceField(choices=["payment", "refund"])
    merchant = serializers.CharField()
    order_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["paid", "failed", "cancelled", "pending", "refunded"])
    amount = serializers.IntegerField(help_text="VND")
    currency = serializers.CharField()
    transaction_id = serializers.CharField(required=False)
    refund_id = serializers.CharField(required=False)
    timestamp = serializers.IntegerField(help_text="Unix giây / Unix seconds")
    signature = serializers.CharField(help_text="HMAC-SHA256 (hex) của dạng chuẩn / of the canonical form")


class PlatformAnswerSerializer(serializers.Serializer):
    """The portal's answer; the platform retries until ``00``."""

    code = serializers.ChoiceField(choices=Answer.choices)
    message = serializers.CharField()
