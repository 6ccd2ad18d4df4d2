"""One province per portal: what the citizens' side of this portal serves.

A portal is run by one province (``PORTAL_PROVINCE``, a province's slug; the demo's Vĩnh Long). The
catalog, its search and filters, the agency lists, the procedure page, opening a filing online (page and
API) and a citizen's own lists read the province from here, and nowhere else. Other provinces' records stay
in the database for the reports (a superuser's national / comparison view); officials and admins keep the
scope of :mod:`services.access` (their agency, their province).

When the setting is empty, or names no province in the database (a fresh database before ``seed_demo``, a
test that builds its own provinces), the portal is not narrowed: every province is served.
"""

from django.conf import settings
from django.db.models import Exists, Q

from services.models import Agency, Procedure, Province


def portal_province():
    """The province this portal serves, or ``None`` (not narrowed; see the module's docstring)."""
    slug = getattr(settings, "PORTAL_PROVINCE", "")
    if not slug:
        return None
    return Province.objects.filter(slug=slug).first()


def in_portal(province_field="province"):
    """A ``Q`` for rows whose ``province_field`` is the portal's province (every row when not narrowed).

    Lazy on purpose: building a queryset runs no query (the API schema is generated at import time, before
    the test database exists), the database decides in the same statement."""
    slug = getattr(settings, "PORTAL_PROVINCE", "")
    if not slug:
        return Q()
    return Q(**{f"{province_field}__slug": slug}) | ~Exists(Province.objects.filter(slug=slug))


def portal_procedures():
    """The active procedures the portal offers."""
    return Procedure.objects.filter(in_portal(), is_active=True)


def portal_agencies():
    """The agencies of the portal's province (every agency when not narrowed)."""
    return Agency.objects.filter(in_portal())


def serves_procedure(procedure):
    """Whether a citizen may see and file ``procedure`` on this portal (another province's: no, as 404)."""
    slug = getattr(settings, "PORTAL_PROVINCE", "")
    if not slug or procedure.province.slug == slug:  # the portal's own (no query when province is loaded)
        return True
    return portal_province() is None
