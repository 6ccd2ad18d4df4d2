"""Choices and codes of the payments app (Vietnamese label first)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENCY = "VND"


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Mới tạo")
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    CANCELLED = "cancelled", _("Đã hủy")
    EXPIRED = "expired", _("Hết hạn")
    REFUNDED = "refunded", _("Đã hoàn tiền")


# A late "paid" from the platform is believed from these states: the platform is the source of truth.
CREDITABLE_STATES = (
    PaymentStatus.CREATED,
    PaymentStatus.PENDING,
    PaymentStatus.FAILED,
    PaymentStatus.CANCELLED,
    PaymentStatus.EXPIRED,
)


class PaymentChannel(models.TextChoices):
    ONLINE = "online", _("Thanh toán trực tuyến")
    COUNTER = "counter", _("Nộp tại bộ phận một cửa")


class CounterMethod(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    TRANSFER = "transfer", _("Chuyển khoản")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Đã yêu cầu")
    DONE = "done", _("Đã hoàn")


class Answer(models.TextChoices):
    """What the portal answers the platform's callback (the platform retries until ``00``)."""

    OK = "00", _("Đã nhận")
    BAD_SIGNATURE = "01", _("Chữ ký không hợp lệ")
    UNKNOWN_ORDER = "02", _("Không tìm thấy đơn hàng")
    WRONG_AMOUNT = "04", _("Số tiền không khớp")
    WRONG_CURRENCY = "05", _("Loại tiền không hợp lệ")
    MALFORMED = "06", _("Dữ liệu không hợp lệ")


class SecurityKind(models.TextChoices):
    BAD_SIGNATURE = "bad_signature", _("Chữ ký sai hoặc hết hạn")
    UNKNOWN_ORDER = "unknown_order", _("Đơn hàng không tồn tại")
    WRONG_AMOUNT = "wrong_amount", _("Sai số tiền")
    WRONG_CURRENCY = "wrong_currency", _("Sai loại tiền")
    MALFORMED = "malformed", _("Dữ liệu không hợp lệ")


class MismatchKind(models.TextChoices):
    MISSING_HERE = "missing_here", _("Nền tảng ghi nhận đã thu, cổng chưa ghi nhận")
    MISSING_THERE = "missing_there", _("Cổng ghi nhận đã thu, nền tảng không có")
    AMOUNT_DIFFERS = "amount_differs", _("Số tiền khác nhau")
