"""Catalog history (lịch sử danh mục TTHC): each procedure's catalog attributes with their validity period.

A version holds what a report reads of a procedure (online level, fee, processing days, agency, field, in
force, eligible, integrated on the national gateway) over ``[valid_from, valid_to)``; ``valid_to`` is null for
the version in force. Written only by :mod:`services.catalog_history`, in the transaction of the change.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from services.constants import OnlineLevel


class ProcedureVersion(models.Model):
    class Change(models.TextChoices):
        BACKFILL = "backfill", _("Khởi tạo lịch sử")
        CREATED = "created", _("Tạo mới")
        EDITED = "edited", _("Sửa")
        GATEWAY = "gateway", _("Cổng DVCQG xác nhận")
        SEED = "seed", _("Dữ liệu mẫu")

    procedure = models.ForeignKey(
        "services.Procedure", on_delete=models.CASCADE, related_name="versions", verbose_name=_("thủ tục")
    )
    valid_from = models.DateTimeField(_("hiệu lực từ"))
    valid_to = models.DateTimeField(_("hiệu lực đến (không gồm)"), null=True, blank=True)
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=8, choices=OnlineLevel.choices)
    fee = models.PositiveBigIntegerField(_("phí, lệ phí (VND)"))
    processing_days = models.PositiveSmallIntegerField(_("thời hạn giải quyết (ngày làm việc)"))
    agency = models.ForeignKey(
        "services.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan giải quyết")
    )
    field = models.CharField(_("lĩnh vực"), max_length=200)
    is_active = models.BooleanField(_("đang áp dụng"))
    eligible_for_national_gateway = models.BooleanField(_("đủ điều kiện tích hợp Cổng DVCQG"))
    integrated = models.BooleanField(_("đã tích hợp Cổng DVCQG"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thay đổi"),
    )
    change = models.CharField(_("thay đổi"), max_length=16, choices=Change.choices)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("lịch sử danh mục thủ tục")
        ordering = ["procedure", "valid_from"]
        indexes = [models.Index(fields=["procedure", "valid_from"], name="procversion_proc_from")]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "valid_from"], name="uniq_procversion_start"),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(valid_to__isnull=True), name="uniq_procversion_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="procversion_period_not_empty",
            ),
        ]

    def __str__(self):
        return f"{self.procedure_id} [{self.valid_from:%Y-%m-%d} .. {self.valid_to or ''})"
