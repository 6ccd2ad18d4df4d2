"""Publication of an online service on the national gateway (tích hợp lên Cổng DVCQG).

A procedure counts as *integrated* only once the gateway acknowledged its publication: ``state`` is what
the gateway confirmed, ``desired`` what the province asked for and is still being delivered.
"""

from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ProcedurePublication(models.Model):
    class State(models.TextChoices):
        NOT_PUBLISHED = "not_published", _("Chưa công bố")
        PUBLISHED = "published", _("Đã tích hợp")
        UNPUBLISHED = "unpublished", _("Đã gỡ")

    class Desired(models.TextChoices):
        PUBLISHED = "published", _("Công bố")
        UNPUBLISHED = "unpublished", _("Gỡ")

    procedure = models.OneToOneField(
        "services.Procedure", on_delete=models.CASCADE, related_name="publication"
    )
    state = models.CharField(
        _("trạng thái trên Cổng DVCQG"), max_length=16, choices=State.choices, default=State.NOT_PUBLISHED
    )
    desired = models.CharField(_("yêu cầu"), max_length=16, choices=Desired.choices)
    ack_id = models.CharField(_("mã xác nhận"), max_length=64, blank=True)
    payload_hash = models.CharField(_("dấu nội dung đã gửi"), max_length=64, blank=True)
    acked_hash = models.CharField(_("dấu nội dung đã xác nhận"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("tích hợp lúc"), null=True, blank=True)
    unpublished_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công bố trên Cổng DVCQG")
        verbose_name_plural = _("công bố trên Cổng DVCQG")
        ordering = ["procedure__national_code"]

    def __str__(self):
        return f"{self.procedure_id}: {self.state}"

    def save(self, *args, **kwargs):
        """Save, and put the acknowledged state into the catalog history in the same transaction."""
        from services import catalog_history  # it imports the models

        created = self._state.adding
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            catalog_history.record_publication(self, created=created)

    @property
    def in_sync(self):
        """The gateway has confirmed the last thing the province asked for (as :func:`confirmed` filters)."""
        return self.state == self.desired and self.acked_hash == self.payload_hash


def confirmed(prefix="publication__"):
    """:attr:`ProcedurePublication.in_sync` as a filter, on procedures (or ``prefix=""`` on publications)."""
    return Q(**{f"{prefix}state": F(f"{prefix}desired"), f"{prefix}acked_hash": F(f"{prefix}payload_hash")})


def awaiting_confirmation(prefix="publication__"):
    """A publication exists and the gateway has not confirmed its last request: not :func:`confirmed`."""
    exists = Q(**{f"{prefix}isnull": False}) if prefix else Q()
    return exists & ~confirmed(prefix)
