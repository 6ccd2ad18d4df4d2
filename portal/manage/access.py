"""Who may open the admins' pages, and how a refusal of the services reaches a form."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from portal.manage.selectors import current_province
from services import access
from services.exceptions import DomainError
from services.params import BadParameter


def admin_page(view):
    """Anonymous: to the sign-in page; signed in but not an admin of a province (nor a superuser): 403.
    The view gets the province."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.may_manage(request.user):
            raise PermissionDenied
        province = current_province(request)
        if province is None:
            raise Http404("no province")
        request.manage_provinces = access.managed_provinces(request.user)
        return view(request, province, *args, **kwargs)

    return wrapped


def show_error(form, exc):
    """Put a domain error on the form, beside its field when it names one the form has."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def submitted(request, form, save):
    """On POST, validate ``form`` and ``save(cleaned_data)``: (what was saved or None, HTTP status)."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return save(form.cleaned_data), 200
    except DomainError as exc:
        show_error(form, exc)
        return None, exc.http_status


def filtered_page(request, form, select, page_size=25):
    """One page of ``select(**filters)`` with the filters the form accepts, and the query for the pager."""
    if not form.is_valid():  # a filter the form does not know: 400 naming it, not the unfiltered list
        raise BadParameter(next(iter(form.errors)))
    filters = form.cleaned_data
    page = Paginator(select(**{k: v for k, v in filters.items() if v}), page_size).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
