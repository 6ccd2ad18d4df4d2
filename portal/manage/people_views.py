"""The admins' pages for the province's agencies and officials (never deleted: deactivated)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.manage import selectors, services
from portal.manage.access import admin_page, filtered_page, submitted
from portal.manage.forms import AgencyForm, OfficialCreateForm, OfficialEditForm, OfficialFilterForm
from services.constants import Role
from services.exceptions import DomainError
from services.models import Agency, User


def _agency_by_code(agencies, code):
    return next((a for a in agencies if a.code == code), None) if code else None


# --- agencies ---------------------------------------------------------------------------------------
@admin_page
def agencies(request, province):
    return render(
        request,
        "portal/manage/agencies.html",
        {"province": province, "agencies": selectors.province_agencies(province)},
    )


@admin_page
def agency_form(request, province, pk=None):
    """Create an agency of the province (``pk`` None) or change one."""
    agency = get_object_or_404(Agency, pk=pk, province=province) if pk else None
    candidates = [a for a in selectors.province_agencies(province) if not agency or a.pk != agency.pk]
    initial = {}
    if agency:
        initial = {"code": agency.code, "name": agency.name, "level": agency.level,
                   "parent": agency.parent.code if agency.parent else ""}  # fmt: skip
    form = AgencyForm(request.POST or None, initial=initial, agencies=candidates)
    saved, status = submitted(
        request,
        form,
        lambda data: services.save_agency(
            actor=request.user,
            province=province,
            agency=agency,
            code=data["code"],
            name=data["name"],
            level=data["level"],
            parent=_agency_by_code(candidates, data["parent"]),
        ),
    )
    if saved:
        messages.success(request, _("Đã lưu cơ quan %(name)s.") % {"name": saved.name})
        return redirect("manage:agencies")
    context = {"province": province, "agency": agency, "form": form}
    return render(request, "portal/manage/agency_form.html", context, status=status)


# --- officials --------------------------------------------------------------------------------------
def _officials_page(request, province, status=200):
    agencies = selectors.province_agencies(province)
    form = OfficialFilterForm(request.GET, agencies=agencies)
    page, query = filtered_page(request, form, lambda **f: selectors.province_officials(province, **f))
    roles = dict(Role.choices)
    for person in page:
        person.role_labels = [roles[g.name] for g in person.groups.all() if g.name in roles]
    context = {"province": province, "form": form, "page": page, "query": query}
    return render(request, "portal/manage/officials.html", context, status=status)


@admin_page
def officials(request, province):
    return _officials_page(request, province)


@admin_page
def official_form(request, province, pk=None):
    """Create an official with an initial password, or change one's role, agency or password."""
    person = get_object_or_404(User, pk=pk, agency__province=province) if pk else None
    agencies = list(selectors.province_agencies(province))
    form_class = OfficialEditForm if person else OfficialCreateForm
    initial = {}
    if person:
        role = next((r for r in services.STAFF_ROLES if person.has_role(r)), "")
        initial = {"role": role, "agency": person.agency.code}
    form = form_class(request.POST or None, initial=initial, agencies=agencies)
    saved, status = submitted(
        request, form, lambda data: _save_official(request, province, person, data, agencies)
    )
    if saved:
        messages.success(request, _("Đã lưu tài khoản %(username)s.") % {"username": saved.username})
        return redirect("manage:officials")
    context = {"province": province, "person": person, "form": form}
    return render(request, "portal/manage/official_form.html", context, status=status)


def _save_official(request, province, person, data, agencies):
    common = {
        "actor": request.user,
        "province": province,
        "role": data["role"],
        "agency": _agency_by_code(agencies, data["agency"]),
        "password": data["password1"],
    }
    if person:
        return services.update_official(user=person, **common)
    return services.create_official(
        username=data["username"],
        full_name=data["full_name"],
        email=data["email"],
        **common,
    )


@admin_page
@require_POST
def official_active(request, province, pk):
    person = get_object_or_404(User, pk=pk, agency__province=province)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(actor=request.user, province=province, user=person, active=active)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _officials_page(request, province, status=exc.http_status)
    if active:
        messages.success(request, _("Đã mở lại tài khoản %(username)s.") % {"username": person.username})
    else:
        messages.success(request, _("Đã khóa tài khoản %(username)s.") % {"username": person.username})
    return redirect("manage:officials")
