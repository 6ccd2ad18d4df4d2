"""One province per portal: the catalog, its search and filters, the procedure page, opening a filing (page
and API) and a citizen's own list serve ``PORTAL_PROVINCE`` only; the citizen's home leads to them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.selectors import catalog_facets
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import Filing
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory, citizen, official

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(settings):
    settings.PORTAL_PROVINCE = "vinh-long"
    here = ProvinceFactory(slug="vinh-long", name="Vĩnh Long")
    there = ProvinceFactory(slug="ben-tre", name="Bến Tre")
    # the same agency name in both provinces, as the article data sets have it
    ours = AgencyFactory(province=here, code="VL-SCT", name="Sở Công Thương")
    theirs = AgencyFactory(province=there, code="BT-SCT", name="Sở Công Thương")
    return {
        "ours": ProcedureFactory(agency=ours, name="Cấp Giấy phép bán lẻ sản phẩm rượu", field="Công thương"),
        "ours2": ProcedureFactory(agency=ours, name="Đăng ký khai sinh", field="Hộ tịch"),
        "theirs": ProcedureFactory(
            agency=theirs, name="Cấp Giấy phép bán buôn sản phẩm rượu", field="Công thương"
        ),
        "here": here,
        "there": there,
    }


def test_the_catalog_and_its_search_show_only_the_portals_province(client, two_provinces):
    listed = client.get(reverse("portal:home")).context["page"].object_list
    assert {p.pk for p in listed} == {two_provinces["ours"].pk, two_provinces["ours2"].pk}
    found = client.get(reverse("portal:home"), {"q": "giay phep ruou"}).context["page"].object_list
    assert [p.pk for p in found] == [two_provinces["ours"].pk]


def test_the_api_catalog_shows_only_the_portals_province(two_provinces):
    api = APIClient()
    ids = {p["id"] for p in api.get("/api/v1/procedures/", {"page_size": 100}).json()["results"]}
    assert ids == {two_provinces["ours"].pk, two_provinces["ours2"].pk}
    searched = api.get("/api/v1/procedures/", {"search": "ruou"}).json()["results"]
    assert [p["id"] for p in searched] == [two_provinces["ours"].pk]
    assert api.get(f"/api/v1/procedures/{two_provinces['theirs'].pk}/").status_code == 404
    # asking for the other province by its slug finds nothing either
    assert api.get("/api/v1/procedures/", {"province": "ben-tre"}).json()["results"] == []


def test_a_procedure_of_another_province_is_404_on_the_citizens_pages(client, two_provinces):
    theirs = two_provinces["theirs"]
    assert client.get(reverse("portal:procedure", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:procedure", args=[two_provinces["ours"].pk])).status_code == 200
    client.force_login(citizen(1))
    assert client.post(reverse("portal:start_filing", args=[theirs.pk])).status_code == 404
    assert not Filing.objects.exists()


def test_the_api_refuses_to_open_a_filing_of_another_province_as_404(two_provinces):
    api = APIClient()
    api.force_authenticate(citizen(1))
    refused = api.post("/api/v1/filings/", {"procedure": two_provinces["theirs"].pk}, format="json")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert not Filing.objects.exists()
    assert (
        api.post("/api/v1/filings/", {"procedure": two_provinces["ours"].pk}, format="json").status_code
        == 201
    )


def test_the_agency_filter_lists_each_agency_once(client, two_provinces):
    here = two_provinces["here"]
    parent = AgencyFactory(province=here, code="VL-H1", name="UBND huyện Long Hồ")
    twin_a = AgencyFactory(province=here, code="VL-X1", name="UBND xã An Bình", parent=parent)
    twin_b = AgencyFactory(province=here, code="VL-X2", name="UBND xã An Bình", parent=None)
    for agency in (twin_a, twin_b, twin_b):
        ProcedureFactory(agency=agency)
    fields, agencies = catalog_facets()
    names = [name for _code, name in agencies]
    assert len(names) == len(set(names)) == 3  # the two provinces' Sở Công Thương: ours only
    assert [code for code, _n in agencies].count("VL-SCT") == 1
    assert "UBND xã An Bình (UBND huyện Long Hồ)" in names
    assert dict(fields) == {"Công thương": 1, "Hộ tịch": 1, "Thành lập và hoạt động của hộ kinh doanh": 3}
    page = client.get(reverse("portal:home")).content.decode()
    assert page.count('value="VL-SCT"') == 1 and 'value="BT-SCT"' not in page


def test_my_filings_list_only_the_portals_province(client, two_provinces):
    person = citizen(1)
    ours = new_draft(two_provinces["ours"], person)
    theirs = Filing.objects.create(
        code="BT-1", procedure=two_provinces["theirs"], agency=two_provinces["theirs"].agency,
        applicant=person, applicant_name="Nguyễn Văn An", applicant_personal_id=person.personal_id,
    )  # fmt: skip
    client.force_login(person)
    codes = [f.code for f in client.get(reverse("portal:my_filings")).context["page"].object_list]
    assert codes == [ours.code] and theirs.code not in codes


def test_the_home_leads_with_search_fields_the_most_used_and_the_lookup(client, two_provinces, settings):
    settings.HOME_POPULAR_DAYS = 30
    ours, ours2 = two_provinces["ours"], two_provinces["ours2"]
    actors = {"applicant": citizen(1), "desk": official(Role.DESK, ours.agency)}
    for _ in range(2):
        drive(new_draft(ours2, actors["applicant"]), S.SUBMITTED, actors)
    drive(new_draft(ours, actors["applicant"]), S.SUBMITTED, actors)
    old = drive(new_draft(ours, actors["applicant"]), S.SUBMITTED, actors)
    Filing.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    theirs = two_provinces["theirs"]
    Filing.objects.create(
        code="BT-2", procedure=theirs, agency=theirs.agency, applicant_name="Lê Thị Cúc",
        applicant_personal_id="086090000999", submitted_at=timezone.now(), status=S.SUBMITTED,
    )  # fmt: skip
    response = client.get(reverse("portal:home"))
    popular = list(response.context["popular"])
    assert [(p.pk, p.filed) for p in popular] == [(ours2.pk, 2), (ours.pk, 1)]  # 30 days, this province
    html = response.content.decode()
    assert html.index('id="q"') < html.index('id="fields"') < html.index('id="results"')
    assert 'action="/lookup/"' in html and "Vĩnh Long" in html
    searched = client.get(reverse("portal:home"), {"q": "khai sinh"})
    assert searched.context["popular"] == [] and 'id="fields"' not in searched.content.decode()


def test_without_the_portals_province_in_the_database_every_province_is_served(client, settings):
    settings.PORTAL_PROVINCE = "khong-co"
    procedures = [ProcedureFactory(), ProcedureFactory()]
    listed = {p.pk for p in client.get(reverse("portal:home")).context["page"].object_list}
    assert listed == {p.pk for p in procedures}


def test_manage_opens_on_the_portals_province_for_a_superuser(client, two_provinces):
    ProvinceFactory(slug="an-giang", name="An Giang")  # first by name: where it used to open
    root = official(Role.ADMIN, None, username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("manage:index")).context["province"] == two_provinces["here"]
    assert (
        client.get(reverse("manage:index"), {"province": "an-giang"}).context["province"].slug == "an-giang"
    )
