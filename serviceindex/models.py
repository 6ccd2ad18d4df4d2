"""The weights of the service index (Bộ chỉ số 766) as data: each indicator's maximum points and the rate at
which it earns them, by the date they take effect. An amended decision is new rows with a later
``effective_from``, never a code change; a period is scored with the rows in effect on its last day."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexWeight(models.Model):
    """One indicator's points from a date on (trọng số, điểm tối đa của một chỉ số thành phần)."""

    key = models.SlugField(_("chỉ số"), max_length=64)
    group = models.SlugField(_("nhóm chỉ số"), max_length=32)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    full_marks_at = models.DecimalField(
        _("tỷ lệ đạt điểm tối đa (%)"),
        max_digits=5,
        decimal_places=2,
        default=100,
        help_text=_("Dưới mức này, điểm = tỷ lệ × điểm tối đa / mức này / Below it, points are proportional"),
    )
    effective_from = models.DateField(_("áp dụng từ ngày"))
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trọng số chỉ số")
        verbose_name_plural = _("trọng số các chỉ số")
        ordering = ["effective_from", "position"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="index_weight_once_per_date"),
            models.CheckConstraint(
                condition=models.Q(max_points__gte=0), name="index_weight_points_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(full_marks_at__gt=0, full_marks_at__lte=100),
                name="index_weight_threshold_percent",
            ),
        ]

    def __str__(self):
        return f"{self.key} {self.max_points} ({self.effective_from})"
