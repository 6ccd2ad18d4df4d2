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


# --- report rollups (portal/reports/rollups.py keeps them) -------------------------------------------------
class FilingCounts(models.Model):
    """The filing figures a rollup cell counts (daily and monthly cells alike)."""

    filed = models.PositiveIntegerField(default=0)
    electronic = models.PositiveIntegerField(default=0)
    fee_filed = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ReportDaily(FilingCounts):
    """The filing figures of one local day (Asia/Ho_Chi_Minh), procedure and agency: filings submitted that day
    (electronic, with a fee), decided that day (early / on time / late) and open past their due date at the
    day's end. Written only by ``portal.reports.rollups.refresh`` for closed days."""

    day = models.DateField()
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("services.Agency", on_delete=models.CASCADE, related_name="+")
    overdue = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu báo cáo theo ngày")
        constraints = [
            models.UniqueConstraint(fields=["day", "procedure", "agency"], name="uniq_report_daily_cell")
        ]
        indexes = [models.Index(fields=["agency", "day"], name="report_daily_agency_day_idx")]

    def __str__(self):
        return f"{self.day} {self.procedure_id}/{self.agency_id}"


class ReportDailyPaid(models.Model):
    """Filings whose first online payment was paid on ``paid_day`` (local), by the day they were submitted:
    the online payment figures count a filing submitted in the period and paid online before its end."""

    paid_day = models.DateField()
    day = models.DateField(null=True)  # submitted on (None: not submitted)
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("services.Agency", on_delete=models.CASCADE, related_name="+")
    filed = models.PositiveIntegerField(default=0)
    fee_filed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("hồ sơ thanh toán trực tuyến theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["paid_day", "day", "procedure", "agency"], name="uniq_report_daily_paid_cell"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "paid_day"], name="report_paid_agency_day_idx"),
            models.Index(fields=["agency", "day"], name="report_paid_agency_sub_idx"),
        ]

    def __str__(self):
        return f"{self.paid_day} ({self.day}) {self.procedure_id}/{self.agency_id}"


class ReportMonthly(FilingCounts):
    """The sums of :class:`ReportDaily` over a local month (``month`` is its first day), but ``overdue`` (a state
    at a day's end, read from the day): a report over whole months reads these, its edge days the daily cells.
    Summed again from the days by ``portal.reports.fold`` whenever a day of the month is folded."""

    month = models.DateField()
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("services.Agency", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("số liệu báo cáo theo tháng")
        constraints = [
            models.UniqueConstraint(fields=["month", "procedure", "agency"], name="uniq_report_monthly_cell")
        ]
        indexes = [models.Index(fields=["agency", "month"], name="report_monthly_agency_idx")]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.procedure_id}/{self.agency_id}"


class ReportMonthlyPaid(models.Model):
    """The sums of :class:`ReportDailyPaid` by month of the first online payment × month of submission."""

    paid_month = models.DateField()
    month = models.DateField(null=True)  # submitted in (None: not submitted)
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("services.Agency", on_delete=models.CASCADE, related_name="+")
    filed = models.PositiveIntegerField(default=0)
    fee_filed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("hồ sơ thanh toán trực tuyến theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["paid_month", "month", "procedure", "agency"], name="uniq_report_monthly_paid_cell"
            )
        ]
        indexes = [models.Index(fields=["agency", "month"], name="report_mpaid_agency_idx")]

    def __str__(self):
        return f"{self.paid_month:%m/%Y} ({self.month}) {self.procedure_id}/{self.agency_id}"


class RollupState(models.Model):
    """The rollups' watermark: every day up to ``last_day`` is folded, and every filing and payment event up to
    the two ids. One row (``name="reports"``), locked by the job while it folds."""

    name = models.CharField(max_length=40, primary_key=True)
    last_day = models.DateField(null=True)
    last_filing_event_id = models.BigIntegerField(default=0)
    last_payment_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.name} ≤ {self.last_day}"
