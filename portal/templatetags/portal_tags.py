from django import template
from django.utils import translation

register = template.Library()


@register.filter
def vnd(amount):
    """An amount of VND grouped the way the reader's language writes it (100.000 ₫ / 100,000 ₫)."""
    grouped = f"{int(amount or 0):,}"
    if translation.get_language() != "en":
        grouped = grouped.replace(",", ".")
    return f"{grouped} ₫"
