from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hotline import selectors as hotline_selectors
from portal.templatetags import numbers
from services import access

register = template.Library()


# The numbers' filters live in portal/templatetags/numbers.py; ``vnd`` is here too for the pages that
# load only portal_tags.
register.filter("vnd", numbers.vnd)
register.filter("num", numbers.num)
register.filter("pct", numbers.pct)


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """A navigation link, marked ``aria-current="page"`` on its own page or below it (home only on itself)."""
    url = reverse(url_name)
    path = context["request"].path
    current = path == url if url == "/" else path.startswith(url)
    return format_html(
        '<a class="usa-nav-link{}" href="{}"{}><span>{}</span></a>',
        " usa-current" if current else "",
        url,
        mark_safe(' aria-current="page"') if current else "",
        label,
    )


@register.filter
def may_answer_feedback(user):
    """Whether the menu shows the hotline items to answer (the rule is the hotline's selectors')."""
    return hotline_selectors.may_answer_feedback(user)


@register.filter
def is_admin(user):
    """Whether the menu shows the admins' pages (the rule is :func:`services.access.may_manage`)."""
    return access.may_manage(user)


@register.filter
def may_read_reports(user):
    """Whether the menu shows the reports (:func:`services.access.may_read_reports`)."""
    return access.may_read_reports(user)


@register.filter
def may_see_sync_status(user):
    """Whether the menu shows the sync status (:func:`services.access.may_see_sync_status`)."""
    return access.may_see_sync_status(user)


@register.filter
def may_use_django_admin(user):
    """Whether the menu shows the Django admin (:func:`services.access.may_use_django_admin`)."""
    return access.may_use_django_admin(user)


@register.filter
def may_operate_sync(user):
    """Whether the sync page offers its actions (:func:`services.access.may_operate_sync`)."""
    return access.may_operate_sync(user)
