"""What the base layout needs on every page: the portal's province (its name in the header)."""

from django.conf import settings
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

DEFAULT_PROVINCE = "vinh-long"


def province_name():
    """The name of the province this portal serves (``settings.PORTAL_PROVINCE``, a slug), or "" when the
    province is not in the catalog yet or the database cannot answer (an error page must still render)."""
    from services.models import Province

    slug = getattr(settings, "PORTAL_PROVINCE", DEFAULT_PROVINCE)
    try:
        return Province.objects.filter(slug=slug).values_list("name", flat=True).first() or ""
    except DatabaseError:
        return ""


def portal_frame(request):
    # Lazy: asked only when the header renders (one small query), never by a JSON answer.
    return {"portal_province": SimpleLazyObject(province_name)}
