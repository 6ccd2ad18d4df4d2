"""The applicant's satisfaction rating of a filing's handling (đánh giá mức độ hài lòng)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.constants import Rating


class SatisfactionRating(models.Model):
    """One rating per filing, given by its applicant after the result is returned; changeable for
    ``RATING_CHANGE_DAYS`` days after it was first given (``services.rules.rating_refusal``)."""

    filing = models.OneToOneField("services.Filing", on_delete=models.CASCADE, related_name="rating")
    value = models.CharField(_("mức độ hài lòng"), max_length=12, choices=Rating.choices)
    comment = models.TextField(_("góp ý"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("đánh giá lúc"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__in=Rating.values), name="rating_value_known"),
        ]

    def __str__(self):
        return f"{self.filing_id}: {self.value}"
