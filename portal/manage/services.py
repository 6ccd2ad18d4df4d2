"""The admins' writes (quản trị): the province's days off and make-up days, agencies, officials.

Each function checks its actor, validates, and writes in one transaction; refusals are the domain errors
of :mod:`services.exceptions`, with a bilingual message and the form field they are about.
"""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from services import access
from services.calendar import WorkingCalendar
from services.constants import Role
from services.exceptions import InvalidInput, NotPermitted
from services.models import Agency, CalendarDay, User

# The roles an admin gives to an official (citizens sign themselves up through VNeID).
STAFF_ROLES = (Role.DESK, Role.SPECIALIST, Role.LEADER, Role.ADMIN)


def check_admin(actor, province):
    """The actor manages ``province`` (:func:`services.access.may_manage_province`)."""
    if not access.may_manage_province(actor, province.pk):
        raise NotPermitted(_("Chỉ quản trị được làm việc này / Only admins may do this."))


# --- calendar ---------------------------------------------------------------------------------------
def add_calendar_day(*, actor, province, date, is_working_day, reason):
    """Add an extra day off, or a make-up working day, to the province's calendar; the next deadline
    computed there honours it (the calendar reads the overrides afresh for each step), deadlines already
    set are left as they are."""
    check_admin(actor, province)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Hãy ghi lý do / Please give a reason."), field="reason")
    with transaction.atomic():
        if CalendarDay.objects.select_for_update().filter(province=province, date=date).exists():
            raise InvalidInput(
                _(
                    "Ngày này đã có trong lịch của tỉnh; hãy xóa trước khi đổi / "
                    "This day is already in the province's calendar; remove it before changing it."
                ),
                code="calendar_day_exists",
                field="date",
            )
        working = WorkingCalendar(province_id=province.pk).is_working_day(date)
        if is_working_day and working:
            raise InvalidInput(
                _(
                    "Ngày này đã là ngày làm việc, không cần làm bù / "
                    "This day is already a working day; no make-up day is needed."
                ),
                code="already_working",
                field="date",
            )
        if not is_working_day and not working:
            raise InvalidInput(
                _("Ngày này đã là ngày nghỉ / This day is already a day off."),
                code="already_off",
                field="date",
            )
        try:
            with transaction.atomic():
                return CalendarDay.objects.create(
                    province=province, date=date, is_working_day=is_working_day, reason=reason
                )
        except IntegrityError as exc:  # entered by another admin at the same moment
            raise InvalidInput(
                _("Ngày này vừa được thêm / This day has just been added."), field="date"
            ) from exc


def remove_calendar_day(*, actor, province, day):
    """Remove one of the province's own days (a day for everywhere is a superuser's, in the Django admin)."""
    check_admin(actor, province)
    CalendarDay.objects.filter(pk=day.pk, province=province).delete()


# --- agencies ---------------------------------------------------------------------------------------
def _check_parent(agency, parent, province):
    if parent is None:
        return
    if parent.province_id != province.pk:
        raise InvalidInput(
            _("Cơ quan cấp trên phải thuộc tỉnh / The parent agency must be of the province."),
            field="parent",
        )
    node = parent
    while node is not None:
        if agency.pk and node.pk == agency.pk:
            raise InvalidInput(
                _("Cơ quan không thể là cấp trên của chính nó / An agency cannot be its own parent."),
                field="parent",
            )
        node = node.parent


_CODE_TAKEN = _("Mã cơ quan đã được dùng / The agency code is already in use.")


def save_agency(*, actor, province, agency=None, code, name, level, parent=None):
    """Create an agency of ``province`` (or change ``agency``): code, name, level and parent."""
    check_admin(actor, province)
    if agency is not None and agency.province_id != province.pk:
        raise NotPermitted(_("Cơ quan không thuộc tỉnh / The agency is not of the province."))
    agency = agency or Agency(province=province)
    _check_parent(agency, parent, province)
    code = (code or "").strip()
    if Agency.objects.filter(code=code).exclude(pk=agency.pk).exists():
        raise InvalidInput(_CODE_TAKEN, field="code")
    agency.code, agency.name, agency.level, agency.parent = code, (name or "").strip(), level, parent
    try:
        with transaction.atomic():
            agency.save()
    except IntegrityError as exc:  # the same code saved by another admin at the same moment
        raise InvalidInput(_CODE_TAKEN, field="code") from exc
    return agency


# --- officials --------------------------------------------------------------------------------------
def _role_groups(role):
    if role not in STAFF_ROLES:
        raise InvalidInput(_("Vai trò không hợp lệ / Not a valid role."), field="role")
    return Group.objects.get_or_create(name=Role(role).value)[0]


def _check_password(password, user):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="password", field="password1") from exc


def _give_role(user, role):
    """One staff role (the others removed, a citizen's role kept). No role gives ``is_staff``: the Django
    admin is for superusers only (:func:`services.access.may_use_django_admin`)."""
    group = _role_groups(role)
    staff_groups = Group.objects.filter(name__in=[r.value for r in STAFF_ROLES])
    user.groups.remove(*staff_groups)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)


_USERNAME_TAKEN = _("Tên đăng nhập đã được dùng / The username is already taken.")


@transaction.atomic
def create_official(*, actor, province, username, full_name, email, role, agency, password):
    """An official of an agency of the province, with an initial password checked by the validators. The
    name is one full name, family name first ("Lê Thị Cúc"), kept whole and split for sorting."""
    check_admin(actor, province)
    _check_agency(agency, province)
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(_USERNAME_TAKEN, field="username")
    full_name = " ".join((full_name or "").split())
    last_name, _sep, first_name = full_name.rpartition(" ")
    user = User(
        username=username,
        full_name=full_name,
        first_name=first_name,
        last_name=last_name,
        email=email,
        agency=agency,
    )
    _check_password(password, user)
    user.set_password(password)
    _role_groups(role)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same username taken at the same moment
        raise InvalidInput(_USERNAME_TAKEN, field="username") from exc
    _give_role(user, role)
    return user


def _check_agency(agency, province):
    if agency is None or agency.province_id != province.pk:
        raise InvalidInput(
            _("Hãy chọn một cơ quan của tỉnh / Choose an agency of the province."), field="agency"
        )


def _check_manageable(actor, user, province):
    if user.is_superuser and not access.is_superuser(actor):
        raise NotPermitted(
            _("Chỉ quản trị hệ thống sửa được tài khoản này / Only a superuser may change this account.")
        )
    if user.agency is None or user.agency.province_id != province.pk:
        raise NotPermitted(_("Người dùng không thuộc tỉnh / The user is not of the province."))


@transaction.atomic
def update_official(*, actor, province, user, role, agency, password=""):
    """Change an official's role and agency (and password, when a new one is given)."""
    check_admin(actor, province)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manageable(actor, user, province)
    _check_agency(agency, province)
    if user.pk == actor.pk and role != Role.ADMIN:
        raise InvalidInput(
            _("Bạn không thể bỏ vai trò quản trị của chính mình / You cannot remove your own admin role."),
            field="role",
        )
    _role_groups(role)
    if password:
        _check_password(password, user)
        user.set_password(password)
    user.agency = agency
    _give_role(user, role)
    user.save()
    return user


@transaction.atomic
def set_active(*, actor, province, user, active):
    """Deactivate (never delete: filings and events point at the person) or reactivate an official."""
    check_admin(actor, province)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manageable(actor, user, province)
    if user.pk == actor.pk and not active:
        raise InvalidInput(
            _("Bạn không thể tự khóa tài khoản của mình / You cannot deactivate your own account."),
            code="self_deactivation",
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
