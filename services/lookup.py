"""The public status lookup (Tra cứu hồ sơ): a filing's code plus the lookup key printed on its receipt.

Without signing in, a person who holds the receipt reads where the filing stands: status, procedure,
agency, due date, what happens next and the applicant's name masked; nothing else. A wrong key answers
exactly as a wrong code (the same query, the same comparison, the same "not found"), and the page and
the API (``POST /api/v1/lookup/``) are throttled per client address (``LOOKUP_RATE``), so neither codes nor
keys can be enumerated: a code has 30⁶ random endings and a key 30⁶ values.
"""

import hmac

from django.utils.translation import gettext_lazy as _

from services.constants import FilingStatus as S
from services.models import Filing
from services.models.filings import new_lookup_key
from services.portal_scope import in_portal

__all__ = ["find_filing", "mask_name", "new_lookup_key", "normalize_key", "public_status"]

# What the applicant can expect next, by state (what a desk officer would say on the phone).
NEXT_STEP = {
    S.DRAFT: _(
        "Hồ sơ chưa nộp: hoàn thiện và nộp hồ sơ / Not submitted yet: complete and submit the filing."
    ),
    S.SUBMITTED: _(
        "Chờ bộ phận một cửa kiểm tra và tiếp nhận / Waiting for the one-stop desk to check and receive it."
    ),
    S.SUPPLEMENT_REQUESTED: _(
        "Cơ quan yêu cầu bổ sung: đăng nhập để xem yêu cầu và nộp bổ sung / The agency asked for more "
        "documents: sign in to read the request and supplement."
    ),
    S.RECEIVED: _("Đã tiếp nhận, chờ chuyên viên thụ lý / Received; waiting for a specialist to take it up."),
    S.IN_REVIEW: _("Chuyên viên đang xử lý / A specialist is processing it."),
    S.AWAITING_APPROVAL: _("Chờ lãnh đạo phê duyệt / Waiting for the leader's decision."),
    S.APPROVED: _(
        "Đã phê duyệt: nhận kết quả tại bộ phận một cửa hoặc trực tuyến / Approved: collect the result at "
        "the desk or online."
    ),
    S.RESULT_RETURNED: _("Đã trả kết quả / The result has been returned."),
    S.REFUSED: _("Hồ sơ bị từ chối tiếp nhận / The filing was refused at receipt."),
    S.REJECTED: _("Hồ sơ bị từ chối giải quyết / The filing was rejected."),
    S.WITHDRAWN: _("Hồ sơ đã được rút / The filing was withdrawn."),
}

# Compared with when the code is unknown, so that a wrong code costs what a wrong key costs.
_NO_KEY = "-" * 6


def normalize_key(value):
    """Upper case, without spaces or dashes: a key read out or typed as ``ab3 k9q`` still matches."""
    return "".join(ch for ch in str(value or "").upper() if ch.isalnum())[:12]


def find_filing(code, key):
    """The filing with this code **and** key in the portal's province, or ``None`` for anything else."""
    code = str(code or "").strip().upper()[:40]
    key = normalize_key(key)
    qs = Filing.objects.filter(in_portal("procedure__province")).select_related("procedure", "agency")
    qs = qs.exclude(status=S.DRAFT)
    filing = qs.filter(code=code).first() if code else None
    stored = filing.lookup_key if filing is not None and filing.lookup_key else _NO_KEY
    same = hmac.compare_digest(stored.encode(), key.encode())
    return filing if filing is not None and same else None


def mask_name(name):
    """Each word's first letter, the rest hidden: "Nguyễn Văn An" → "N***** V** A*"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in str(name or "").split())


def public_status(filing):
    """What the lookup shows: no personal data beyond the masked name."""
    return {
        "code": filing.code,
        "status": filing.status,
        "status_label": filing.get_status_display(),
        "procedure": filing.procedure.name,
        "agency": filing.agency.name,
        "submitted_at": filing.submitted_at,
        "due_date": filing.due_date,
        "next_step": NEXT_STEP.get(filing.status, ""),
        "applicant": mask_name(filing.applicant_name),
    }
