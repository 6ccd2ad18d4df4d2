"""Who may take each step of the one-stop shop, and on what condition.

These are the predicates the transition decorators of :class:`services.models.Filing` name, so that the
decorators read like the rules. A permission is ``(filing, user) -> bool``; a condition is
``(filing) -> bool`` and carries the message shown when it is not met.
"""

from django.utils.translation import gettext_lazy as _

from services.constants import Channel, FilingStatus, Role


def official(role):
    """An official of ``role`` in the agency that handles the filing."""

    def check(filing, user):
        return user.has_role(role) and user.agency_id is not None and user.agency_id == filing.agency_id

    check.__name__ = f"official_{role}"
    return check


desk_officer = official(Role.DESK)
specialist = official(Role.SPECIALIST)
leader = official(Role.LEADER)


def applicant_side(filing, user):
    """The applicant, or for a walk-in without an account, the desk officer acting for them."""
    if filing.applicant_id is None:
        return desk_officer(filing, user)
    return user.has_role(Role.CITIZEN) and filing.applicant_id == user.pk


def supplement_requester(filing, user):
    """The desk asks at receipt; the specialist asks during processing."""
    if filing.status == FilingStatus.SUBMITTED:
        return desk_officer(filing, user)
    return specialist(filing, user)


def desk_or_leader(filing, user):
    return desk_officer(filing, user) or leader(filing, user)


def condition(message):
    def wrap(func):
        func.message = message
        return func

    return wrap


@condition(
    _(
        "Hồ sơ chưa đủ các giấy tờ bắt buộc, hãy đính kèm trước khi nộp / "
        "The filing lacks mandatory documents: attach them before submitting."
    )
)
def mandatory_documents_attached(filing):
    # A filing forwarded by the national gateway carries its documents there; that portal checked them.
    return filing.channel == Channel.NATIONAL_GATEWAY or not filing.missing_mandatory_documents()


@condition(
    _(
        "Chưa hoàn thành nghĩa vụ tài chính: phí, lệ phí phải được thanh toán trước khi trả kết quả / "
        "The fee must be settled before the result is returned."
    )
)
def fee_settled(filing):
    return filing.fee == 0 or filing.fee_settled_at is not None
