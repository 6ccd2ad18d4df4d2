from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day set apart from the national calendar: an extra day off or a make-up working day.

    A province's admin enters days for their province; a day with no province (entered by a superuser,
    e.g. a day off decided nationally after the ``holidays`` package was released) applies everywhere, and a
    province's own entry for the same date wins over it.
    """

    province = models.ForeignKey(
        "services.Province",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_days",
        verbose_name=_("tỉnh"),
        help_text=_("Để trống: áp dụng cho mọi tỉnh."),
    )
    date = models.DateField(_("ngày"))
    is_working_day = models.BooleanField(
        _("là ngày làm việc"), help_text=_("Bật cho ngày làm bù (ví dụ thứ Bảy), tắt cho ngày nghỉ thêm.")
    )
    reason = models.CharField(_("lý do"), max_length=200)

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("lịch ngày nghỉ / làm bù")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["province", "date"], name="uniq_calendar_day_province"),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(province__isnull=True),
                name="uniq_calendar_day_everywhere",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.reason}"
