"""The procedure catalog: provinces, agencies at three levels, procedures and their documents."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from services.constants import AgencyLevel, OnlineLevel

national_code_validator = RegexValidator(
    r"^\d\.\d{6}$",
    _("Mã thủ tục quốc gia có dạng 1.001612 / A national procedure code looks like 1.001612."),
)


class Province(models.Model):
    """A province (tỉnh) running this system."""

    slug = models.SlugField(unique=True)
    code = models.CharField(_("mã"), max_length=8, unique=True)
    name = models.CharField(_("tên"), max_length=100)

    class Meta:
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """An agency (cơ quan) at provincial, district or commune level."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=16, choices=AgencyLevel.choices)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["province", "level", "name"]

    def __str__(self):
        return self.name


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính, TTHC) as offered in the province."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="procedures")
    national_code = models.CharField(
        _("mã TTHC"), max_length=16, validators=[national_code_validator], db_index=True
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.CharField(_("lĩnh vực"), max_length=200, db_index=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("cơ quan giải quyết")
    )
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    processing_days = models.PositiveSmallIntegerField(
        _("thời hạn giải quyết (ngày làm việc)"), validators=[MinValueValidator(1)]
    )
    restart_clock_on_supplement = models.BooleanField(
        _("tính lại toàn bộ thời hạn sau khi bổ sung"),
        default=False,
        help_text=_("Bật khi căn cứ pháp lý yêu cầu tính lại từ đầu sau khi hồ sơ được bổ sung."),
    )
    fee = models.PositiveBigIntegerField(_("phí, lệ phí (VND)"), default=0)
    eligible_for_national_gateway = models.BooleanField(_("đủ điều kiện tích hợp Cổng DVCQG"), default=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["national_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "national_code", "agency"], name="uniq_procedure_code"
            ),
        ]

    def __str__(self):
        return f"{self.national_code} {self.name}"

    def save(self, *args, actor=None, history_at=None, **kwargs):
        """Save, and write the catalog history in the same transaction (:func:`services.catalog_history.record`):
        ``actor`` is who changed it, ``history_at`` when the change takes effect (default now)."""
        from services import catalog_history  # it imports the models

        created = self._state.adding
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            change = catalog_history.Change.CREATED if created else catalog_history.Change.EDITED
            catalog_history.record(self, at=history_at, actor=actor, change=change)

    @property
    def is_online(self):
        return self.online_level != OnlineLevel.NONE

    @property
    def has_fee(self):
        return self.fee > 0


class RequiredDocument(models.Model):
    """A document (thành phần hồ sơ) that a filing of the procedure brings."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="required_documents")
    name = models.CharField(_("tên giấy tờ"), max_length=300)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "position", "id"]

    def __str__(self):
        return self.name
