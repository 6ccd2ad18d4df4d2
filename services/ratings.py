"""Satisfaction ratings (đánh giá mức độ hài lòng): the applicant rates the handling of a returned filing.

One rating per filing, changeable until ``services.rules.rating_change_deadline``; each new or changed
rating is written with its outbox row (topic ``filing.rating``, after the filing's status events in the
same key), so the national gateway receives it in order.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services import outbox, rules
from services.constants import Rating
from services.exceptions import InvalidInput, NotPermitted, StateConflict, lazy_format
from services.models import Filing, SatisfactionRating

TOPIC = "filing.rating"
COMMENT_MAX_LENGTH = 2000
NEW, CHANGE = "new", "change"


def rating_payload(filing, rating, *, changed):
    return {
        "filing_code": filing.code,
        "national_id": filing.national_id,
        "agency_code": filing.agency.code,
        "procedure_code": filing.procedure.national_code,
        "rating": rating.value,
        "comment": rating.comment,
        "rated_at": rating.created_at.isoformat(),
        "at": rating.updated_at.isoformat(),
        "changed": changed,
    }


def _checked(value, comment):
    if value not in Rating.values:
        raise InvalidInput(
            _(
                "Hãy chọn hài lòng, bình thường hoặc không hài lòng / "
                "Choose satisfied, neutral or dissatisfied."
            ),
            code="invalid_rating",
            field="value",
        )
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidInput(
            lazy_format(
                _("Góp ý dài quá %(n)s ký tự / The comment is longer than %(n)s characters."),
                n=COMMENT_MAX_LENGTH,
            ),
            code="comment_length",
            field="comment",
        )
    return comment


def rate_filing(*, filing, actor, value, comment="", expect=None, now=None):
    """Give or change the rating of ``filing`` (one transaction: lock, rule, row, outbox row).

    ``expect``: ``"new"`` refuses a second rating (409 ``already_rated``: change it instead), ``"change"``
    refuses when there is none yet (409 ``not_rated``); ``None`` (the filing page) gives or changes."""
    comment = _checked(value, comment)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Filing.objects.select_for_update()
            .select_related("procedure", "agency")
            .filter(pk=filing.pk)
            .first()
        )
        if locked is None:
            raise NotPermitted(_("Không tìm thấy hồ sơ / Filing not found"))
        existing = SatisfactionRating.objects.select_for_update().filter(filing=locked).first()
        refusal = rules.rating_refusal(locked, actor, now)
        if refusal is not None:
            raise refusal
        if expect == NEW and existing is not None:
            raise StateConflict(
                _("Hồ sơ này đã được đánh giá; hãy sửa đánh giá / The filing is rated already: change it."),
                code="already_rated",
            )
        if expect == CHANGE and existing is None:
            raise StateConflict(
                _("Hồ sơ chưa được đánh giá / The filing has not been rated yet."), code="not_rated"
            )
        if existing is None:
            rating = SatisfactionRating.objects.create(
                filing=locked, value=value, comment=comment, rated_by=actor, created_at=now, updated_at=now
            )
        else:
            rating = existing
            if (rating.value, rating.comment) == (value, comment):
                return rating  # nothing changed: nothing to tell the gateway
            rating.value, rating.comment, rating.updated_at = value, comment, now
            rating.save(update_fields=["value", "comment", "updated_at"])
        outbox.enqueue(
            topic=TOPIC,
            key=f"filing:{locked.code}",
            payload=rating_payload(locked, rating, changed=existing is not None),
        )
        return rating
