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

from services.models import Agency, Procedure, Province


def portal_province():
    """The province this portal serves, or ``None`` (not narrowed; see the module's docstring)."""
    slug = getattr(settings, "PORTAL_PROVINCE", "")
    if not slug:
        return None
    return Province.objects.filter(slug=slug).first()


def portal_procedures(province=None):
    """The active procedures the portal offers (``province``: the one already looked up, if any)."""
    province = province or portal_province()
    qs = Procedure.objects.filter(is_active=True)
    return qs if province is None else qs.filter(province=province)


def portal_agencies(province=None):
    """The agencies of the portal's province (every agency when not narrowed)."""
    province = province or portal_province()
    return Agency.objects.all() if province is None else Agency.objects.filter(province=province)


def serves_procedure(procedure):
    """Whether a citizen may see and file ``procedure`` on this portal (another province's: no, as 404)."""
    province = portal_province()
    return province is None or procedure.province_id == province.pk
