"""The Content-Security-Policy in a real browser: the pages the other browser tests do not open (the API
docs, the Django admin, a slip's print button, the payment pages, the lockout and bad-request pages) load
and work with no violation reported (see ``test_browser``'s watcher, which every page here carries too)."""

import pytest

from services.constants import FilingStatus as S
from tests.factories import UserFactory
from tests.portal.conftest import World
from tests.portal.test_browser import (  # noqa: F401  (fixtures)
    CSP_VIOLATIONS,
    PASSWORD,
    _no_csp_violation,
    chromium,
    new_page,
    sign_in,
    site,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_site(request):
    return request.getfixturevalue("chromium"), request.getfixturevalue("site")


def test_every_response_carries_the_policy_with_no_inline_script(client, db):
    first, second = client.get("/"), client.get("/")
    policy = first["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]  # a nonce is added only when a page uses one
    assert second["Content-Security-Policy"] == policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_the_api_docs_render_under_the_policy(browser_site):
    browser, url = browser_site
    page = new_page(browser)
    page.goto(f"{url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)  # the operations, rendered by the script
    assert page.locator(".swagger-ui .opblock").count() > 5
    page = new_page(browser)
    page.goto(f"{url}/api/v1/redoc/")
    page.wait_for_selector("redoc h1, .api-content h1", timeout=30_000)
    page.wait_for_timeout(1000)  # its worker
    assert CSP_VIOLATIONS == []


def test_the_django_admin_works_under_the_policy(browser_site):
    browser, url = browser_site
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    root.set_password(PASSWORD)
    root.save()
    page = new_page(browser)
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")
    for path in ("services/user/", f"services/user/{root.pk}/change/", "services/procedure/add/"):
        page.goto(f"{url}/admin/{path}")
        page.wait_for_load_state("load")
    page.goto(f"{url}/admin/services/user/")
    page.click("#action-toggle")  # the admin's own script runs
    assert page.locator("input.action-select:checked").count() >= 1


def test_a_slips_print_button_the_payment_pages_and_the_error_pages(browser_site):
    browser, url = browser_site
    world = World()
    filing = world.filing(S.RECEIVED)
    world.applicant.set_password(PASSWORD)
    world.applicant.save()
    citizen = sign_in(browser, url, world.applicant, lands="/my/filings/")
    citizen.goto(f"{url}/filings/{filing.code}/receipt/")
    citizen.evaluate("window.print = () => { window.printed = true; }")
    citizen.click("button[data-print]")
    assert citizen.evaluate("window.printed === true")  # site.js, not an inline handler
    citizen.goto(f"{url}/payments/filings/{filing.code}/pay/")
    citizen.click("main form button[type=submit]")
    citizen.wait_for_url("**/mock-payment/pay/*")
    citizen.click("button[value=cancel]")
    citizen.wait_for_url("**/payments/return/*")
    citizen.goto(f"{url}/?level=bogus")
    assert citizen.locator("#bad-parameter").count() == 1
    stranger = new_page(browser)
    for _ in range(6):
        stranger.goto(f"{url}/login/")
        stranger.fill("#id_username", world.applicant.username)
        stranger.fill("#id_password", "sai-mat-khau")
        stranger.click("form[action='/login/'] button[type=submit]")
    assert stranger.locator("#lockout").count() == 1
