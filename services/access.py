"""The one access policy: who a user is, and what they may reach.

Every door (pages, API, payments, reports and their API, the sync status page, the hotline, ``/manage/``,
the Django admin) asks this module; nothing else decides "is this an admin", "may read reports" or "sees
everything".

Scopes, from the narrowest:

* a **citizen** reaches their own filings (as applicant);
* a **desk officer, specialist or leader** reaches the filings of their agency (and any they filed
  themself); a **leader** also reads the reports of their agency's province;
* a **province admin** (role ``admin``) reaches the province of their agency: its filings, its hotline
  items, its reports, its pages of ``/manage/``; an admin without an agency has no province and reaches
  nothing beyond their own filings;
* a **superuser** reaches everything, and is the only one who works in the Django admin.

A deactivated account has no role (``User.has_role``) and is never a superuser here.
"""

from django.db.models import Q

from services.constants import OFFICIAL_ROLES, Role
from services.models import Filing, Province


# --- who the user is --------------------------------------------------------------------------------
def is_superuser(user):
    """Everywhere, the Django admin included."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_official(user):
    """A desk officer, specialist or leader attached to an agency."""
    return bool(user.is_authenticated and user.agency_id and any(user.has_role(r) for r in OFFICIAL_ROLES))


def is_citizen(user):
    return bool(user.is_authenticated and user.has_role(Role.CITIZEN))


def admin_province_id(user):
    """The province a province admin manages: their agency's; ``None`` for everyone else."""
    if user.is_authenticated and user.agency_id and user.has_role(Role.ADMIN):
        return user.agency.province_id
    return None


def is_province_admin(user):
    return admin_province_id(user) is not None


def leader_province_id(user):
    if user.is_authenticated and user.agency_id and user.has_role(Role.LEADER):
        return user.agency.province_id
    return None


# --- the Django admin -------------------------------------------------------------------------------
def may_use_django_admin(user):
    """Only superusers; province admins work in ``/manage/``."""
    return is_superuser(user)


# --- filings ----------------------------------------------------------------------------------------
def filing_scope(user):
    """A ``Q`` over filings for what ``user`` may see, or ``None`` for everything (superusers)."""
    if is_superuser(user):
        return None
    scope = Q(applicant=user)
    if is_official(user):
        scope |= Q(agency_id=user.agency_id)
    province_id = admin_province_id(user)
    if province_id is not None:
        scope |= Q(agency__province_id=province_id)
    return scope


def visible_filings(user):
    """The filings ``user`` may see (anonymous: none). A filing outside it answers 404 on every door."""
    qs = Filing.objects.select_related("procedure", "agency")
    if not user.is_authenticated:
        return qs.none()
    scope = filing_scope(user)
    return qs if scope is None else qs.filter(scope)


def may_see_filing(user, filing):
    return visible_filings(user).filter(pk=filing.pk).exists()


# --- provinces: /manage/, reports, the sync status page -------------------------------------------
def managed_provinces(user):
    """The provinces whose pages of ``/manage/`` ``user`` works on: a province admin their own, a superuser
    every one, anyone else none."""
    if is_superuser(user):
        return Province.objects.order_by("name")
    province_id = admin_province_id(user)
    if province_id is None:
        return Province.objects.none()
    return Province.objects.filter(pk=province_id)


def may_manage(user):
    """Whether ``/manage/`` opens (and the admins' writes are allowed) at all."""
    return is_superuser(user) or is_province_admin(user)


def may_manage_province(user, province_id):
    return is_superuser(user) or (province_id is not None and admin_province_id(user) == province_id)


def report_provinces(user):
    """The provinces whose reports ``user`` reads: the province's admins and leaders read it, superusers
    every province. The ``/reports/`` page and ``/api/v1/reports/*`` both ask this."""
    if is_superuser(user):
        return Province.objects.order_by("name")
    ids = {admin_province_id(user), leader_province_id(user)} - {None}
    return Province.objects.filter(pk__in=ids).order_by("name")


def may_read_reports(user):
    return is_superuser(user) or is_province_admin(user) or leader_province_id(user) is not None


def reads_every_province(user):
    """The reports across provinces (comparison, the articles' reconciliation) for every province."""
    return is_superuser(user)


def may_see_sync_status(user):
    """The sync status page: province admins and superusers."""
    return may_manage(user)


def may_operate_sync(user):
    """The sync page's actions act on every province (publish everything, redrive, deliver): superusers.
    A province admin publishes their province's procedures from ``/manage/procedures/``."""
    return is_superuser(user)


# --- the hotline (Tổng đài 1022) ----------------------------------------------------------------------
def may_answer_feedback(user):
    """Superusers, province admins, and the desk officers and leaders of an agency (the desk speaks for the
    agency to citizens, the leader answers for it; specialists work on filings, not on correspondence)."""
    if not user.is_authenticated:
        return False
    if is_superuser(user) or is_province_admin(user):
        return True
    return bool(user.agency_id) and (user.has_role(Role.DESK) or user.has_role(Role.LEADER))


def feedback_scope(user):
    """A ``Q`` over hotline items ``user`` may answer (``None``: every item; ``may_answer_feedback`` first).

    An agency's desk officers and leaders: the items routed to their agency, and the unrouted ones of its
    province; a province admin: every item of the province."""
    if is_superuser(user):
        return None
    province_id = admin_province_id(user)
    if province_id is not None:
        return Q(province_id=province_id)
    return Q(agency_id=user.agency_id) | Q(agency__isnull=True, province_id=user.agency.province_id)


def answerable_feedback(items, user):
    """``items`` (hotline items) narrowed to those ``user`` may answer."""
    if not may_answer_feedback(user):
        return items.none()
    scope = feedback_scope(user)
    return items if scope is None else items.filter(scope)


def is_feedback_author(user, item):
    """The signed-in citizen who sent a hotline item from the portal."""
    return bool(is_citizen(user) and item.citizen_id is not None and item.citizen_id == user.pk)


# --- satisfaction ratings (issue 14) ----------------------------------------------------------------
def may_rate(user, filing):
    """Only the filing's applicant, a citizen with an account (a walk-in without one is not rated here;
    the desk never rates for them)."""
    return bool(is_citizen(user) and filing.applicant_id is not None and filing.applicant_id == user.pk)
