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
