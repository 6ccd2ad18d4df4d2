"""The frame every page renders in, and the error pages: in the frame, in the reader's language, with a way
back; a signed-in non-superuser gets the portal's 403 on the Django admin, not the admin's sign-in page."""

import unicodedata

import pytest
from django.template import loader
from django.test import Client

from services.constants import Role
from tests.factories import ProvinceFactory, UserFactory, citizen

pytestmark = pytest.mark.django_db

FRAME = ('<header class="usa-header', '<footer class="usa-footer', 'id="main"', "1022")


def in_frame(html):
    return all(part in html for part in FRAME)


def test_the_header_names_the_portals_province_and_tolerates_its_absence(client, settings):
    settings.PORTAL_PROVINCE = "vinh-long"
    page = client.get("/").content.decode()
    assert in_frame(page) and "Vĩnh Long" not in page  # no such province yet: the generic title
    ProvinceFactory(slug="vinh-long", name="Vĩnh Long")
    ProvinceFactory(slug="ben-tre", name="Bến Tre")
    page = client.get("/").content.decode()
    assert "Cổng dịch vụ công tỉnh Vĩnh Long" in page and "Bến Tre" not in page
    settings.PORTAL_PROVINCE = "ben-tre"
    assert "Cổng dịch vụ công tỉnh Bến Tre" in client.get("/").content.decode()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_language_menu_names_each_language_in_itself(client, lang):
    client.cookies["django_language"] = lang
    page = unicodedata.normalize("NFC", client.get("/login/").content.decode())
    assert f'<html lang="{lang}">' in page
    assert ">Tiếng Việt</option>" in page and ">English</option>" in page
    assert "Tiếng Anh" not in page and ">Vietnamese<" not in page


@pytest.mark.parametrize(("lang", "heading"), [("vi", "Không tìm thấy trang"), ("en", "Page not found")])
def test_a_missing_page_is_the_portals_404_in_the_readers_language(client, lang, heading):
    client.cookies["django_language"] = lang
    answer = client.get("/khong-co-trang-nay/")
    page = answer.content.decode()
    assert answer.status_code == 404 and in_frame(page) and 'id="error-404"' in page
    assert heading in page and 'href="/"' in page
    assert "Using the URLconf" not in page  # never Django's debug page


def test_a_page_the_role_may_not_open_is_the_portals_403_with_a_way_back(client):
    client.force_login(citizen(1))
    answer = client.get("/reports/")
    page = answer.content.decode()
    assert answer.status_code == 403 and in_frame(page) and 'id="error-403"' in page
    assert "data-back" in page and "Không có quyền truy cập" in page


@pytest.mark.parametrize("who", ["citizen", "official"])
def test_a_signed_in_non_superuser_gets_the_portals_403_on_the_django_admin(client, who):
    from tests.factories import AgencyFactory, official

    user = citizen(2) if who == "citizen" else official(Role.ADMIN, AgencyFactory(), is_staff=True)
    client.force_login(user)
    for path in ("/admin/", "/admin/login/", "/admin/services/user/"):
        answer = client.get(path)
        assert answer.status_code == 403, path
        assert 'id="error-403"' in answer.content.decode()
        assert "Django" not in answer.content.decode().split("<main", 1)[1]


def test_the_django_admin_stays_the_superusers_and_sends_the_anonymous_to_its_sign_in(client):
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 200
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


def test_a_csrf_failure_is_the_portals_page_and_changes_nothing(db):
    strict = Client(enforce_csrf_checks=True)
    answer = strict.post("/login/", {"username": "x", "password": "y"})
    page = answer.content.decode()
    assert answer.status_code == 403 and 'id="error-csrf"' in page and '<header class="usa-header' in page


@pytest.mark.parametrize("template", ["400.html", "403_csrf.html", "500.html"])
def test_the_pages_django_renders_without_a_request_render_without_one(template):
    html = loader.render_to_string(template)  # no request, no context processors, no database needed
    assert '<header class="usa-header' in html and '<footer class="usa-footer' in html
    assert 'href="/"' in html


def test_the_api_keeps_its_json_errors_even_at_an_address_no_view_matches(client):
    answer = client.get("/api/v1/khong-co/")
    assert answer.status_code == 404 and answer["Content-Type"] == "application/json"
    assert answer.json()["code"] == "not_found" and answer.json()["message_en"] == "Not found."
