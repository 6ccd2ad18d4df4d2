"""Signed documents: the electronic result and the slips, each stored once as the signed PDF."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SignedDocument(models.Model):
    """One signed PDF, served as stored; its id (a UUID: unguessable) is in the QR code's address."""

    class Kind(models.TextChoices):
        RESULT = "result", _("Kết quả giải quyết thủ tục hành chính / Result of the procedure")
        RECEIPT = "receipt", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả / Receipt and appointment slip")
        APOLOGY = "apology", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả / Apology and new-date slip")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    filing = models.ForeignKey("services.Filing", on_delete=models.PROTECT, related_name="signed_documents")
    apology_slip = models.OneToOneField(
        "services.ApologySlip", on_delete=models.PROTECT, null=True, blank=True, related_name="document"
    )
    number = models.CharField(_("số, ký hiệu / number"), max_length=80)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    agency_name = models.CharField(max_length=200)
    certificate_subject = models.CharField(max_length=300)
    signed_by_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    personal_document = models.OneToOneField(
        "portal.PersonalDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_document",
    )

    class Meta:
        verbose_name = _("văn bản đã ký số / signed document")
        verbose_name_plural = _("văn bản đã ký số / signed documents")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "kind"],
                condition=Q(kind__in=["result", "receipt"]),
                name="uniq_signed_result_and_receipt_per_filing",
            ),
            models.CheckConstraint(
                condition=Q(kind="apology", apology_slip__isnull=False)
                | (~Q(kind="apology") & Q(apology_slip__isnull=True)),
                name="signed_apology_has_its_slip",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def filename(self):
        prefix = {"result": "ket-qua", "receipt": "giay-tiep-nhan", "apology": "phieu-xin-loi"}[self.kind]
        return f"{prefix}-{self.filing.code}.pdf"
