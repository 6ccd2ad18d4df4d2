"""The personal digital repository (kho dữ liệu số cá nhân): documents a citizen keeps to file again."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.uploads import stored_name


def personal_upload_to(instance, filename):
    """A generated name: the given one is kept in ``original_name``, never used as a path."""
    return stored_name(f"personal/{instance.owner_id}", filename)


class PersonalDocument(models.Model):
    """One stored document of a citizen; picking it for a filing copies the stored file, no re-upload."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_documents"
    )
    title = models.CharField(_("tên giấy tờ"), max_length=300)
    file = models.FileField(upload_to=personal_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu cá nhân")
        verbose_name_plural = _("kho dữ liệu số cá nhân")
        ordering = ["owner", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="uniq_personal_document_content")
        ]

    def __str__(self):
        return self.title


class HotlineFeedback(models.Model):
    """A feedback item (phản ánh, kiến nghị) received by the provincial hotline, Tổng đài 1022."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Điện thoại 1022")
        WEB = "web", _("Cổng dịch vụ công")
        ZALO = "zalo", _("Zalo")

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

    class Meta:
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
