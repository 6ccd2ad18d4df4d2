"""The admins' pages (quản trị): index, the calendar of days off and make-up days, the catalog and its
publication on the national gateway. Agencies and officials are in :mod:`portal.manage.people_views`."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.manage import selectors, services
from portal.manage.access import admin_page, filtered_page, submitted
from portal.manage.forms import CalendarDayForm, ProcedureFilterForm
from services import catalog_history
from services.exceptions import DomainError
from services.models import CalendarDay, Procedure
from services.params import int_param
from services.sync import publication

YEARS = range(2010, 2041)  # the years the working calendar knows


@admin_page
def index(request, province):
    return render(request, "portal/manage/index.html", {"province": province})


# --- calendar ---------------------------------------------------------------------------------------
def _year(request):
    params = request.POST if request.method == "POST" and request.POST.get("year") else request.GET
    return int_param(params, "year", YEARS, timezone.localdate().year)


def _calendar_page(request, province, year, form, status=200):
    context = {
        "province": province,
        "year": year,
        "years": (year - 1 if year - 1 in YEARS else None, year + 1 if year + 1 in YEARS else None),
        "national": selectors.national_days(year),
        "days": selectors.province_days(province, year),
        "form": form,
    }
    return render(request, "portal/manage/calendar.html", context, status=status)


@admin_page
def calendar(request, province):
    year = _year(request)
    return _calendar_page(request, province, year, CalendarDayForm(initial={"kind": "off"}))


@admin_page
@require_POST
def calendar_add(request, province):
    year = _year(request)
    form = CalendarDayForm(request.POST)
    day, status = submitted(
        request,
        form,
        lambda data: services.add_calendar_day(
            actor=request.user,
            province=province,
            date=data["date"],
            is_working_day=data["kind"] == "working",
            reason=data["reason"],
        ),
    )
    if day is None:  # the year of the day asked for, where the admin looks next
        asked = request.POST.get("date", "")[:4]
        year = int(asked) if asked.isdigit() and int(asked) in YEARS else year
        return _calendar_page(request, province, year, form, status=status)
    messages.success(
        request,
        _(
            "Đã thêm ngày %(date)s. Hồ sơ đang xử lý có thời hạn đi qua ngày này: %(n)d "
            "(ngày hẹn đã cấp không đổi)."
        )
        % {"date": f"{day.date:%d/%m/%Y}", "n": selectors.filings_affected_by(province, day.date)},
    )
    return redirect(f"{reverse('manage:calendar')}?year={day.date.year}")


@admin_page
def calendar_remove(request, province, pk):
    day = get_object_or_404(CalendarDay, pk=pk, province=province)
    if request.method == "POST":
        services.remove_calendar_day(actor=request.user, province=province, day=day)
        messages.success(request, _("Đã xóa ngày %(date)s khỏi lịch.") % {"date": f"{day.date:%d/%m/%Y}"})
        return redirect(f"{reverse('manage:calendar')}?year={day.date.year}")
    context = {
        "province": province,
        "day": day,
        "affected": selectors.filings_affected_by(province, day.date),
    }
    return render(request, "portal/manage/calendar_remove.html", context)


# --- catalog and publication ------------------------------------------------------------------------
def _catalog_page(request, province, status=200):
    agencies = selectors.province_agencies(province)
    form = ProcedureFilterForm(request.GET, agencies=agencies)
    page, query = filtered_page(request, form, lambda **f: selectors.province_procedures(province, **f))
    context = {
        "province": province,
        "form": form,
        "page": page,
        "query": query,
        "action_query": request.GET.urlencode(),
        "eligible": publication.eligible_procedures().filter(province=province).count(),
    }
    return render(request, "portal/manage/procedures.html", context, status=status)


@admin_page
def procedures(request, province):
    return _catalog_page(request, province)


def _after_publication(request, province, action):
    """Run ``action``; back to the list as it was filtered, or the list with the refusal (4xx)."""
    try:
        text = action()
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _catalog_page(request, province, status=exc.http_status)
    messages.success(request, text)
    query = request.GET.urlencode()
    return redirect(reverse("manage:procedures") + (f"?{query}" if query else ""))


@admin_page
def procedure(request, province, pk):
    """A procedure of the province and its catalog history (who changed what, valid from when to when)."""
    procedure = get_object_or_404(Procedure.objects.select_related("agency"), pk=pk, province=province)
    context = {
        "province": province,
        "procedure": procedure,
        "versions": catalog_history.history_of(procedure),
    }
    return render(request, "portal/manage/procedure.html", context)


@admin_page
@require_POST
def procedure_publish(request, province, pk):
    procedure = get_object_or_404(
        Procedure.objects.select_related("agency", "province"), pk=pk, province=province
    )

    def publish():
        sent = publication.publish_procedure(procedure=procedure, actor=request.user)
        if sent:
            return _("Đã gửi yêu cầu công bố %(code)s lên Cổng DVCQG.") % {"code": procedure.national_code}
        return _("%(code)s đã được công bố với nội dung này, không gửi lại.") % {
            "code": procedure.national_code
        }

    return _after_publication(request, province, publish)


@admin_page
@require_POST
def procedure_unpublish(request, province, pk):
    procedure = get_object_or_404(Procedure.objects.select_related("agency"), pk=pk, province=province)

    def unpublish():
        publication.unpublish_procedure(procedure=procedure, actor=request.user)
        return _("Đã gửi yêu cầu gỡ %(code)s khỏi Cổng DVCQG.") % {"code": procedure.national_code}

    return _after_publication(request, province, unpublish)


@admin_page
@require_POST
def publish_all(request, province):
    def publish():
        eligible = publication.eligible_procedures().filter(province=province)
        result = publication.publish_procedures(actor=request.user, procedures=eligible)
        return _("Đã gửi %(queued)d yêu cầu công bố; %(unchanged)d thủ tục không đổi.") % {
            "queued": len(result["queued"]),
            "unchanged": len(result["unchanged"]),
        }

    return _after_publication(request, province, publish)
