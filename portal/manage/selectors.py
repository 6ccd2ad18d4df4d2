"""The admins' reads: the province in scope, the year's calendar, the catalog with its publication,
agencies and officials."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import holidays
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from services import access
from services.constants import CLOCK_RUNNING_STATES, Role
from services.models import Agency, CalendarDay, Filing, Procedure, User
from services.models import ProcedurePublication as P
from services.models.publication import confirmed
from services.portal_scope import portal_province
from services.search import matching_words
from services.sync.selectors import AWAITING_ACK

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SESSION_KEY = "manage_province"


def current_province(request):
    """The province in scope: the one asked for (``?province=slug``, remembered in the session), else the
    remembered one, else the admin's own (a superuser's: the portal's province), else the first."""
    allowed = access.managed_provinces(request.user)
    asked = request.GET.get("province") or request.session.get(SESSION_KEY)
    province = allowed.filter(slug=asked).first() if asked else None
    if province is None:
        own = access.admin_province_id(request.user)
        portal = portal_province()
        home = own if own is not None else (portal.pk if portal is not None else None)
        province = allowed.filter(pk=home).first() if home is not None else None
    province = province or allowed.first()
    if province is not None:
        request.session[SESSION_KEY] = province.slug
    return province


# --- calendar ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Day:
    date: dt.date
    name: str
    is_working_day: bool


def national_days(year):
    """The public holidays and make-up Saturdays of the ``holidays`` package, as the calendar uses them,
    named in the reader's language."""
    language = "en_US" if translation.get_language() == "en" else "vi"
    national = holidays.VN(years=year, language=language)
    days = [Day(date, name, False) for date, name in national.items()]
    days += [
        Day(date, str(_("Ngày làm bù (theo lịch nhà nước)")), True)
        for date in national.weekend_workdays
        if date.year == year
    ]
    return sorted(days, key=lambda d: d.date)


def province_days(province, year):
    """The province's own days, and the days an admin set for every province (those it cannot remove)."""
    return CalendarDay.objects.filter(Q(province=province) | Q(province__isnull=True), date__year=year)


def filings_affected_by(province, date):
    """Open filings whose running deadline spans ``date``: received before it, due on or after it.
    Their due date stays as set; the count tells the admin how many an apology slip may concern."""
    start = dt.datetime.combine(date, dt.time.min, tzinfo=VN)
    return Filing.objects.filter(
        agency__province=province, status__in=CLOCK_RUNNING_STATES, received_at__lt=start, due_date__gte=date
    ).count()


# --- catalog ----------------------------------------------------------------------------------------
# The gateway confirmed the last request, or a request is on its way.
_IN_SYNC = confirmed()
PUBLICATION_FILTERS = {
    "not_published": Q(publication__isnull=True) | (Q(publication__state=P.State.NOT_PUBLISHED) & _IN_SYNC),
    "published": Q(publication__state=P.State.PUBLISHED) & _IN_SYNC,
    "unpublished": Q(publication__state=P.State.UNPUBLISHED) & _IN_SYNC,
    "pending": AWAITING_ACK,
}
PUBLICATION_CHOICES = [
    ("not_published", _("Chưa công bố")),
    ("published", _("Đã tích hợp")),
    ("unpublished", _("Đã gỡ")),
    ("pending", _("Đang chờ Cổng xác nhận")),
]


def province_procedures(province, *, q="", agency="", level="", publication=""):
    """The province's procedures (in force or not) with their publication, filtered; search by code or by
    name with or without diacritics."""
    qs = Procedure.objects.filter(province=province).select_related("agency", "publication")
    if agency:
        qs = qs.filter(agency__code=agency)
    if level:
        qs = qs.filter(online_level=level)
    if publication in PUBLICATION_FILTERS:
        qs = qs.filter(PUBLICATION_FILTERS[publication])
    qs = matching_words(qs, q, fields=("name",))
    return qs.order_by("national_code", "name", "pk")


# --- agencies and officials -------------------------------------------------------------------------
def province_agencies(province):
    return Agency.objects.filter(province=province).select_related("parent").order_by("level", "name")


def province_officials(province, *, q="", agency="", role=""):
    """The people of the province's agencies (active or not), with their roles."""
    qs = User.objects.filter(agency__province=province).select_related("agency").prefetch_related("groups")
    if agency:
        qs = qs.filter(agency__code=agency)
    if role in Role.values:
        qs = qs.filter(groups__name=role)
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(full_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    return qs.order_by("agency__name", "first_name", "full_name", "username").distinct()
