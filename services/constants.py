"""Choices of the catalog and the filing lifecycle (Vietnamese label first)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class OnlineLevel(models.TextChoices):
    NONE = "none", _("Không trực tuyến")
    PARTIAL = "partial", _("Một phần")
    FULL = "full", _("Toàn trình")


class Channel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    COUNTER = "counter", _("Trực tiếp tại bộ phận một cửa")
    NATIONAL_GATEWAY = "national_gateway", _("Cổng Dịch vụ công quốc gia")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_REVIEW = "in_review", _("Đang xử lý")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    RESULT_RETURNED = "result_returned", _("Đã trả kết quả")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    REJECTED = "rejected", _("Từ chối giải quyết")
    WITHDRAWN = "withdrawn", _("Đã rút")


# States in which the processing clock runs (received and not yet decided).
CLOCK_RUNNING_STATES = (FilingStatus.RECEIVED, FilingStatus.IN_REVIEW, FilingStatus.AWAITING_APPROVAL)
# States a filing can still be withdrawn from: filed and not yet decided.
WITHDRAWABLE_STATES = (
    FilingStatus.SUBMITTED,
    FilingStatus.SUPPLEMENT_REQUESTED,
    *CLOCK_RUNNING_STATES,
)
# Closed: the filing will never have a result (see ``services.rules.is_closed``).
CLOSED_STATES = (FilingStatus.REFUSED, FilingStatus.REJECTED, FilingStatus.WITHDRAWN)
# The applicant's side may attach documents (see ``services.rules.may_attach_documents``).
DOCUMENTS_OPEN_STATES = (FilingStatus.DRAFT, FilingStatus.SUPPLEMENT_REQUESTED)


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Proposal(models.TextChoices):
    APPROVE = "approve", _("Đề xuất phê duyệt")
    REJECT = "reject", _("Đề xuất từ chối")


class Role(models.TextChoices):
    """The roles, kept as Django groups of the same name."""

    CITIZEN = "citizen", _("Công dân")
    DESK = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    ADMIN = "admin", _("Quản trị")


OFFICIAL_ROLES = (Role.DESK, Role.SPECIALIST, Role.LEADER)


class Rating(models.TextChoices):
    """The applicant's satisfaction with the handling of a filing (mức độ hài lòng)."""

    SATISFIED = "satisfied", _("Hài lòng / Satisfied")
    NEUTRAL = "neutral", _("Bình thường / Neutral")
    DISSATISFIED = "dissatisfied", _("Không hài lòng / Dissatisfied")


class DocumentOrigin(models.TextChoices):
    """How a filing's document came to be digital (số hóa hồ sơ)."""

    UPLOADED = "uploaded", _("Công dân tải lên / Uploaded by the citizen")
    SCANNED = "scanned", _("Bộ phận một cửa số hóa khi tiếp nhận / Scanned by the desk at intake")
    REUSED = "reused", _("Tái sử dụng từ kho dữ liệu cá nhân / Reused from the personal repository")
    GATEWAY = "gateway", _("Cổng DVCQG chuyển đến / Forwarded by the national gateway")
