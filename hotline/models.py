"""A feedback item received by the provincial hotline (Tổng đài 1022)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.constants import Timeliness


class HotlineFeedback(models.Model):
    """A feedback item (phản ánh, kiến nghị) received by the provincial hotline, Tổng đài 1022."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Điện thoại 1022")
        WEB = "web", _("Cổng dịch vụ công")
        ZALO = "zalo", _("Zalo")

    class Verdict(models.TextChoices):
        """The citizen's verdict on how the item was handled, given after the answer."""

        SATISFIED = "satisfied", _("Hài lòng / Satisfied")
        DISSATISFIED = "dissatisfied", _("Không hài lòng / Dissatisfied")

    province = models.ForeignKey("services.Province", on_delete=models.PROTECT, related_name="hotline_items")
    agency = models.ForeignKey(
        "services.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="hotline_items"
    )
    filing = models.ForeignKey(
        "services.Filing", on_delete=models.SET_NULL, null=True, blank=True, related_name="hotline_items"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_items",
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices, default=Channel.PHONE)
    caller_name = models.CharField(_("người phản ánh"), max_length=200)
    subject = models.CharField(_("nội dung"), max_length=500)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), default=timezone.now, db_index=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, db_index=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Issue 14: the handling deadline (HOTLINE_HANDLING_DAYS working days from receipt), how the answer
    # met it, whether the item is in the province's remit, and the citizen's verdict after the answer.
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    timeliness = models.CharField(_("tiến độ"), max_length=8, choices=Timeliness.choices, blank=True)
    in_remit = models.BooleanField(_("thuộc thẩm quyền của tỉnh"), default=True)
    verdict = models.CharField(
        _("đánh giá của người phản ánh"), max_length=12, choices=Verdict.choices, blank=True
    )
    verdict_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

    class Meta:
        db_table = "portal_hotlinefeedback"  # the table it had in ``portal``, kept as it was
        verbose_name = _("phản ánh qua Tổng đài 1022")
        verbose_name_plural = _("phản ánh qua Tổng đài 1022")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(answered_at__gte=models.F("received_at")),
                name="hotline_answer_after_receipt",
            ),
        ]

    def __str__(self):
        return f"{self.received_at:%d/%m/%Y} {self.subject[:60]}"

    @property
    def is_answered(self):
        return self.answered_at is not None
