"""Warning steps in a real browser: withdrawing opens a dialog that asks for the reason and the
confirmation together (site.js), and nothing is sent until the confirmation is ticked."""

import pytest

from services.constants import FilingStatus as S
from tests.portal.conftest import World
from tests.portal.test_browser import (  # noqa: F401  (fixtures: chromium, site, the CSP watch)
    PASSWORD,
    Accessibility,
    _no_csp_violation,
    chromium,
    shot,
    sign_in,
    site,
    status,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_withdrawing_asks_for_the_reason_and_the_confirmation_in_one_dialog(chromium, site):  # noqa: F811
    world = World()
    world.applicant.set_password(PASSWORD)
    world.applicant.save()
    filing = world.filing(S.SUPPLEMENT_REQUESTED)
    citizen = sign_in(chromium, site, world.applicant, lands="/my/filings/")
    citizen.goto(f"{site}/filings/{filing.code}/")
    assert citizen.locator("#supplement-notice").is_visible()
    assert citizen.locator("details[data-confirm-dialog]").count() == 0  # enhanced into a button + dialog
    dialog = citizen.locator("dialog#step-withdraw-dialog")
    assert not dialog.is_visible()

    citizen.click("#open-step-withdraw")
    assert dialog.is_visible() and citizen.locator("dialog[open] #reason-withdraw").is_visible()
    axe = Accessibility()
    axe.check(citizen, "withdraw-dialog")
    shot(citizen, "withdraw-dialog")
    citizen.fill("#reason-withdraw", "Nộp nhầm thủ tục")
    citizen.click("dialog[open] button[type=submit]")  # not confirmed: the browser keeps the dialog open
    assert dialog.is_visible() and status(filing) == S.SUPPLEMENT_REQUESTED

    citizen.click("dialog[open] .cancel")
    assert not dialog.is_visible()
    citizen.click("#open-step-withdraw")
    citizen.click("label[for=confirm-withdraw]")  # USWDS draws the box on the label (the input is hidden)
    assert citizen.is_checked("#confirm-withdraw")
    citizen.click("dialog[open] button[type=submit]")
    citizen.wait_for_selector(".messages .success")
    assert status(filing) == S.WITHDRAWN
    assert "Nộp nhầm thủ tục" in citizen.locator("#timeline").inner_text()
    assert axe.found == {}
