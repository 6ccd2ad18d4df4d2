"""The portal in a real browser (Playwright driving Debian's chromium) against the live server.

A citizen signs in through the mock VNeID, finds a procedure without diacritics, files with one new and
one reused document, pays online through the mock platform; the desk asks for a supplement, the citizen
resubmits, the specialist and the leader decide, the desk returns the result, the citizen downloads it.
Screenshots go to ``docs/screens/``; axe-core (vendored from npm) checks the main pages. Every page a test
opens is watched for Content-Security-Policy violations (the ``securitypolicyviolation`` event and the
console's reports): any one fails the test.
"""

import hashlib
import os
from pathlib import Path

import pytest
import requests
from django.core.files.base import ContentFile
from django.db import connection

from hotline import services as hotline
from hotline.models import HotlineFeedback
from portal.models import PersonalDocument
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import CalendarDay, Filing, OutboxEvent, User
from tests.builders import restore_index_weights
from tests.factories import PDF, UserFactory, official
from tests.portal.conftest import CHROMIUM, World
from tests.portal.test_translations import _untranslated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
PASSWORD = "browser-Test-2026"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
# Each violation of the Content-Security-Policy seen by a page of the running test.
CSP_VIOLATIONS = []
CSP_WATCH = """document.addEventListener('securitypolicyviolation', e => window.__cspViolation({
    page: location.pathname, directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample}));"""


@pytest.fixture(autouse=True)
def _no_csp_violation():
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == []


def watch_csp(context):
    context.expose_binding("__cspViolation", lambda source, violation: CSP_VIOLATIONS.append(violation))
    context.add_init_script(CSP_WATCH)
    return context


def _console(message):
    if message.type == "error" and "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append({"console": message.text})


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are plain sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser
            browser.close()
    finally:  # also when the browser did not start: a later test's subprocess must not inherit it
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/mock-payment/"
    settings.VNEID_ISSUER = f"{live_server.url}/mock-vneid"
    settings.NATIONAL_GATEWAY_URL = f"{live_server.url}/mock-gateway/"  # never a server left on :8000
    return live_server.url


class Accessibility:
    """axe-core on each page visited; serious and critical violations are collected and reported."""

    def __init__(self):
        self.found = {}

    def check(self, page, name):
        page.evaluate(AXE_SOURCE)  # through the devtools protocol: an inline script tag would break the CSP
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"""
        )
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        if bad:
            self.found[name] = bad


def sticking_out(page):
    """What sticks out of the screen's width (a phone's browser would zoom the whole page out for it)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > window.visualViewport.width + 1
                              && getComputedStyle(e).position !== 'fixed' && e.offsetParent !== null
                              && !e.closest('.scroll-x'))
                 .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
                 .slice(0, 10)"""
    )


def shot(page, name):
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def new_page(chromium, **context):
    context.setdefault("locale", "vi-VN")  # the browser's Accept-Language; the portal's default too
    page = watch_csp(chromium.new_context(accept_downloads=True, **context)).new_page()
    page.on("console", _console)
    page.set_default_timeout(20_000)
    return page


def sign_in(chromium, site, user, lands="/officials/queue/"):
    page = new_page(chromium)
    page.goto(f"{site}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{site}{lands}")
    return page


def take_step(page, site, filing, step, reason=""):
    page.goto(f"{site}/filings/{filing.code}/")
    if reason:
        page.fill(f"#reason-{step}", reason)
    page.click(f"#step-{step} button[type=submit]")
    page.wait_for_selector(".messages .success")


def status(filing):
    filing.refresh_from_db()
    return filing.status


def test_citizen_path_from_vneid_to_the_downloaded_result(chromium, site):
    world = World()
    for who, (first, last) in {
        "desk": ("Cúc", "Lê"),
        "specialist": ("Dũng", "Phạm"),
        "leader": ("Em", "Võ"),
    }.items():
        world.actors[who].first_name, world.actors[who].last_name = first, last
        world.actors[who].set_password(PASSWORD)
        world.actors[who].save()
    first, second = world.procedure.required_documents.all()
    kept = PersonalDocument(
        owner=world.applicant, title="Ảnh chân dung", original_name="anh.pdf", content_type="application/pdf"
    )
    kept.size, kept.sha256 = len(PDF), hashlib.sha256(PDF).hexdigest()
    kept.file.save("anh.pdf", ContentFile(PDF), save=True)
    axe = Accessibility()

    # The citizen signs in through VNeID with the personal ID.
    citizen = new_page(chromium)
    citizen.goto(f"{site}/")
    citizen.click("header >> text=Đăng nhập")
    axe.check(citizen, "login")
    shot(citizen, "login")
    citizen.click("#vneid-login")
    citizen.fill("#personal_id", world.applicant.personal_id)
    citizen.fill("#full_name", "Nguyễn An")
    shot(citizen, "mock-vneid")
    citizen.click("button[type=submit]")
    citizen.wait_for_url(f"{site}/my/filings/")

    # Finds the procedure without diacritics and files it with a new and a reused document.
    citizen.goto(f"{site}/")
    citizen.fill("#q", "dang ky ho kinh doanh")
    citizen.press("#q", "Enter")
    citizen.wait_for_url("**/?q=*")
    axe.check(citizen, "catalog")
    shot(citizen, "catalog-search")
    citizen.click(f"text={world.procedure.name}")
    axe.check(citizen, "procedure")
    shot(citizen, "procedure")
    citizen.click("#start-filing")
    citizen.set_input_files(
        f"#file_{first.pk}", files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    citizen.select_option(f"#reuse_{second.pk}", value=str(kept.pk))
    axe.check(citizen, "filing-form")
    shot(citizen, "filing-form")
    citizen.click("#submit-filing")
    citizen.wait_for_selector("#filing-status")
    filing = Filing.objects.get(applicant=world.applicant)
    assert status(filing) == S.SUBMITTED and filing.documents.count() == 2

    # Pays online through the mock Payment Platform and comes back.
    citizen.click("#pay")
    citizen.click("main form button[type=submit]")
    citizen.wait_for_url("**/mock-payment/pay/*")
    if connection.vendor == "sqlite":
        # The in-memory SQLite of the tests locks whole tables: the platform's background callback would
        # race the browser's return. Only the browser comes back here (the return asks the platform).
        order_id = citizen.url.rsplit("/", 1)[-1]
        requests.post(
            f"{site}/mock-payment/api/orders/{order_id}/faults", json={"faults": ["never"]}, timeout=10
        ).raise_for_status()
    shot(citizen, "mock-payment")
    citizen.click("button[value=pay]")
    citizen.wait_for_url("**/payments/return/*")
    for _ in range(
        15
    ):  # the return asks the platform; a slow answer under load shows "waiting", as a person sees
        if citizen.locator(".ok").count() == 1:
            break
        assert citizen.locator(".error").count() == 0, citizen.inner_text("main")  # never a failure
        citizen.wait_for_timeout(1000)
        citizen.reload()  # what the person does: the page asks again
    assert citizen.locator(".ok").count() == 1
    filing.refresh_from_db()
    assert filing.fee_settled_at is not None

    # The desk asks for a supplement; the citizen resubmits.
    desk = sign_in(chromium, site, world.actors["desk"])
    axe.check(desk, "queue")
    shot(desk, "queue")
    desk.goto(f"{site}/filings/{filing.code}/")
    axe.check(desk, "official-filing")
    shot(desk, "official-filing")
    take_step(desk, site, filing, "request_supplement", reason="Ảnh chân dung chưa rõ, nộp lại bản khác")
    assert status(filing) == S.SUPPLEMENT_REQUESTED
    citizen.goto(f"{site}/filings/{filing.code}/")
    citizen.click("#edit-filing")
    assert "Ảnh chân dung chưa rõ" in citizen.content()
    citizen.set_input_files(
        f"#file_{second.pk}", files=[{"name": "anh-moi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    citizen.click("#submit-filing")
    citizen.wait_for_selector("#filing-status")
    assert status(filing) == S.SUBMITTED

    # The desk receives, the specialist proposes, the leader approves, the desk returns the result.
    take_step(desk, site, filing, "receive")
    specialist = sign_in(chromium, site, world.actors["specialist"])
    take_step(specialist, site, filing, "start_review")
    take_step(specialist, site, filing, "propose")
    leader = sign_in(chromium, site, world.actors["leader"])
    take_step(leader, site, filing, "approve")
    take_step(desk, site, filing, "return_result")
    assert status(filing) == S.RESULT_RETURNED

    # The citizen follows the timeline, prints the receipt and downloads the result.
    citizen.goto(f"{site}/filings/{filing.code}/")
    axe.check(citizen, "filing")
    shot(citizen, "filing-timeline")
    with citizen.expect_download() as download:
        citizen.click("#download-result")
    assert download.value.suggested_filename == f"ket-qua-{filing.code}.pdf"
    citizen.goto(f"{site}/filings/{filing.code}/receipt/")
    citizen.emulate_media(media="print")
    shot(citizen, "receipt-slip-print")
    assert not citizen.locator("header.usa-header").is_visible()
    assert axe.found == {}


def test_english_switch_and_a_phone_sized_screen(chromium, site):
    world = World()
    filing = world.filing(S.RECEIVED)
    axe = Accessibility()
    phone = new_page(chromium, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(f"{site}/")
    shot(phone, "phone-catalog")
    assert sticking_out(phone) == []
    phone.select_option("#lang-select", "en")
    phone.click(".lang button[type=submit]")
    phone.wait_for_selector("html[lang=en]")
    assert phone.locator("h1").inner_text() == "Administrative procedure catalog"
    axe.check(phone, "catalog-en")
    data = {world.procedure.name, world.procedure.field, world.agency.name, world.other_agency.name}
    assert _untranslated(phone.content(), data) == []
    shot(phone, "phone-catalog-en")
    phone.goto(f"{site}/procedures/{world.procedure.pk}/")
    assert sticking_out(phone) == []
    assert filing.code  # a received filing exists for the agency's queue
    assert axe.found == {}


def test_an_admin_reaches_the_reports_and_the_sync_status_from_the_menu(chromium, site):
    restore_index_weights()  # emptied by a previous live-server test's flush
    world = World()
    world.filing(S.RECEIVED)
    admin = UserFactory(roles=[Role.ADMIN], agency=world.agency, username="quantri")  # a province admin
    admin.set_password(PASSWORD)
    admin.save()
    axe = Accessibility()
    page = sign_in(chromium, site, admin, lands="/manage/")

    page.click("header nav >> text=Báo cáo")
    page.wait_for_url(f"{site}/reports/")
    assert page.locator("header nav a[aria-current=page]").inner_text() == "Báo cáo"
    assert page.locator("svg").count() > 0  # the charts
    axe.check(page, "reports")
    shot(page, "reports-dashboard")

    page.click("text=Bộ chỉ số 766")  # the service index (issue 14): groups, bars, trend, ranking, board
    page.wait_for_url(f"{site}/reports/index/**")
    page.wait_for_selector("h2#index-total")  # the new page drawn, not only its address
    assert page.locator("svg.index-bar").count() == 15
    axe.check(page, "service-index")
    shot(page, "service-index")

    page.click("header nav >> text=Đồng bộ Cổng DVCQG")
    page.wait_for_url(f"{site}/gateway/status/")
    assert page.locator("#integrated").inner_text().strip() == "0 / 1"
    axe.check(page, "sync-status")
    shot(page, "sync-status")
    assert axe.found == {}

    phone = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN"
    )
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    for path in ("/reports/", "/reports/index/", "/gateway/status/"):
        small.goto(f"{site}{path}")
        assert sticking_out(small) == [], path
    shot(small, "phone-sync-status")


def test_feedback_sent_by_a_citizen_is_answered_in_place_and_the_queue_filters_in_place(chromium, site):
    world = World()
    for user in (world.applicant, world.actors["desk"]):
        user.set_password(PASSWORD)
        user.save()
    filing = world.filing(S.RECEIVED)
    submitted, approved = world.filing(S.SUBMITTED), world.filing(S.APPROVED)
    axe = Accessibility()

    # The citizen sends feedback about their filing, from the filing's page.
    citizen = sign_in(chromium, site, world.applicant, lands="/my/filings/")
    citizen.goto(f"{site}/filings/{filing.code}/")
    citizen.click("#feedback-about-filing")
    assert citizen.locator("#filing").input_value() == filing.code
    citizen.fill("#subject", "Hồ sơ của tôi đã quá hạn chưa?")
    citizen.click("#send-feedback")
    citizen.wait_for_selector(".messages .success")
    axe.check(citizen, "my-feedback")
    shot(citizen, "my-feedback")
    item = HotlineFeedback.objects.get()
    assert (item.citizen, item.filing, item.channel) == (world.applicant, filing, "web")

    # The desk filters its queue: the results change in place (no new page load) and the URL follows.
    desk = sign_in(chromium, site, world.actors["desk"])
    desk.evaluate("window.samePage = true")
    desk.select_option("#status", S.APPROVED)
    desk.wait_for_url("**/officials/queue/?*status=approved*")
    desk.locator(f"#queue-results >> text={submitted.code}").wait_for(state="detached")
    assert desk.locator(f"#queue-results >> text={approved.code}").count() == 1
    assert desk.evaluate("window.samePage === true")
    axe.check(desk, "queue-filtered")
    shot(desk, "queue-filtered")

    # The desk answers the item in place; an item the leader answered meanwhile shows why it cannot be.
    taken = hotline.send_feedback(citizen=world.applicant, subject="Hỏi lệ phí", agency=world.agency)
    desk.goto(f"{site}/officials/feedback/?state=pending")
    hotline.answer_feedback(item=taken, actor=world.actors["leader"], answer="Lệ phí 100.000 đồng")
    desk.fill(f"#answer-{taken.pk}", "Trả lời muộn")
    desk.click(f"#feedback-{taken.pk} button[type=submit]")
    desk.wait_for_selector(f"#feedback-{taken.pk} .error")
    assert "Lệ phí 100.000 đồng" in desk.locator(f"#feedback-{taken.pk}").inner_text()
    item = HotlineFeedback.objects.get(filing=filing)
    desk.evaluate("window.samePage = true")
    axe.check(desk, "feedback-queue")
    shot(desk, "feedback-queue")
    desk.fill(f"#answer-{item.pk}", "Hồ sơ đang được thẩm định, hẹn trả đúng hạn.")
    desk.click(f"#feedback-{item.pk} button[type=submit]")
    desk.wait_for_selector(f"#feedback-{item.pk} .answer")
    assert desk.evaluate("window.samePage === true") and desk.locator(f"#answer-{item.pk}").count() == 0
    shot(desk, "feedback-answered")
    item.refresh_from_db()
    assert item.answered_by == world.actors["desk"]

    # The citizen sees the answer.
    citizen.goto(f"{site}/my/feedback/")
    assert "Hồ sơ đang được thẩm định, hẹn trả đúng hạn." in citizen.locator("#my-feedback").inner_text()
    axe.check(citizen, "my-feedback-answered")
    shot(citizen, "my-feedback-answered")
    assert axe.found == {}


def test_an_admin_walks_the_manage_pages(chromium, site, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = False  # the outbox row is checked; delivery is not the point
    world = World()
    admin = official(Role.ADMIN, world.agency, username="quantri_b", first_name="Lan", is_staff=True)
    admin.set_password(PASSWORD)
    admin.save()
    axe = Accessibility()
    page = sign_in(chromium, site, admin, lands="/manage/")

    page.goto(f"{site}/manage/")
    axe.check(page, "manage-index")
    shot(page, "manage-index")

    # The calendar: a Saturday as a day off is refused with its reason, a Tuesday is added.
    page.click("main >> text=Lịch ngày nghỉ, làm bù")
    page.fill("#id_date", "2024-03-09")
    page.check("#id_kind_0")
    page.fill("#id_reason", "Nghỉ bầu cử")
    page.click("#add-calendar-day")
    page.wait_for_selector(".errorlist")
    assert "Ngày này đã là ngày nghỉ" in page.inner_text(".errorlist")
    axe.check(page, "manage-calendar-error")
    shot(page, "manage-calendar-error")
    page.fill("#id_date", "2024-03-05")
    page.click("#add-calendar-day")
    page.wait_for_selector(".messages .success")
    assert CalendarDay.objects.filter(date="2024-03-05", is_working_day=False).exists()
    axe.check(page, "manage-calendar")
    shot(page, "manage-calendar")

    # The catalog: one click publishes one procedure through the outbox.
    page.goto(f"{site}/manage/procedures/")
    axe.check(page, "manage-procedures")
    page.click(f"#procedure-{world.procedure.pk} button.publish")
    page.wait_for_selector(".messages .success")
    assert OutboxEvent.objects.filter(key=f"procedure:{world.procedure.pk}").count() == 1
    shot(page, "manage-procedures")

    # Agencies and officials: lists and forms; a new official is created.
    for path, name in (("agencies/", "manage-agencies"), ("agencies/new/", "manage-agency-form")):
        page.goto(f"{site}/manage/{path}")
        axe.check(page, name)
        shot(page, name)
    page.goto(f"{site}/manage/users/new/")
    page.fill("#id_username", "chuyenvien_moi")
    page.fill("#id_full_name", "Trần Thị Hoa")
    page.select_option("#id_role", "specialist")
    page.select_option("#id_agency", world.agency.code)
    page.fill("#id_password1", "Mat-khau-ban-dau-2026")
    page.fill("#id_password2", "Mat-khau-ban-dau-2026")
    axe.check(page, "manage-official-form")
    shot(page, "manage-official-form")
    page.click("#save-official")
    page.wait_for_url(f"{site}/manage/users/")
    axe.check(page, "manage-officials")
    shot(page, "manage-officials")
    assert User.objects.get(username="chuyenvien_moi").has_role(Role.SPECIALIST)

    # On a phone, in English: nothing wider than the screen, nothing left in Vietnamese but the data.
    phone = new_page(chromium, locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.context.add_cookies(page.context.cookies())
    data = {world.procedure.name, world.agency.name, world.agency.province.name, "Nghỉ bầu cử", "Trần Thị"}
    data |= set(User.objects.values_list("first_name", flat=True)) | set(
        User.objects.values_list("last_name", flat=True)
    )
    for path in ("", "calendar/?year=2024", "procedures/", "agencies/", "users/"):
        phone.goto(f"{site}/manage/{path}")
        assert sticking_out(phone) == [], path
        assert _untranslated(phone.content(), data) == [], path
        axe.check(phone, f"manage-phone-{path or 'index'}")
    shot(phone, "manage-phone-procedures-en")
    assert axe.found == {}
