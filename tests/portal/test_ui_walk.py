"""The accessibility walk: every page each role reaches, in Debian's chromium, at desktop and phone size.

Data-driven: :data:`PAGES` lists, for each role, the pages it opens and the status each answers (error pages
included: a 404, and the portal's 403 for a page the role may not open). Each page is checked for

- axe-core (vendored from npm, ``tests/portal/vendor/``) at WCAG 2.1 AA, colour contrast included;
- nothing wider than the screen (``scrollWidth <= innerWidth``, and no element sticking out);
- the base layout: a header (banner) and a footer (contentinfo) landmark and the ``main`` landmark;
- in English, no untranslated text: a text node with Vietnamese letters must be data (names of the world's
  procedures, agencies, people...) or a message that has no entry in ``locale/en`` yet (waiting for the
  lead's ``make messages``; once the catalogue has the entry, its English must be shown).

vi is walked at 1366×900 and 390×844, en at 1366×900 (:data:`SIZES`). Screenshots go to ``var/screens/``
(CI's artifact); three of them are copied to ``docs/screens/`` for the README. To add a page after a merge,
add its path to :data:`PAGES`. A failure lists, per page, the axe rule, its impact and the target selectors.
"""

import time
import unicodedata
from pathlib import Path

import pytest
from django.test import Client

from hotline import services as hotline
from hotline.models import HotlineFeedback
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import Agency, FilingEvent, Procedure, Province, RequiredDocument, User
from tests.factories import UserFactory, official
from tests.portal.catalogue import VIETNAMESE, strip_waiting
from tests.portal.conftest import World
from tests.portal.test_browser import (  # noqa: F401  (fixtures)
    AXE_SOURCE,
    CSP_VIOLATIONS,
    _no_csp_violation,
    chromium,
    new_page,
    site,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "var" / "screens"
README_SCREENS = {  # var/screens/<name> → docs/screens/<name> (its first screen), for the README
    "citizen-desktop-vi-home.png": "citizen-home.png",
    "citizen-desktop-vi-filing.png": "filing.png",
    "leader-desktop-vi-reports.png": "dashboard.png",
}
SIZES = (("desktop", 1366, 900, "vi"), ("phone", 390, 844, "vi"), ("desktop", 1366, 900, "en"))
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# role → [(name, path, expected status)]; {filing}, {procedure}, {agency}, {official} are filled from the world.
PAGES = {
    "anonymous": [
        ("home", "/", 200),
        ("procedure", "/procedures/{procedure}/", 200),
        ("login", "/login/", 200),
        ("verify", "/verify/", 200),
        ("lookup", "/lookup/", 200),
        ("not-found", "/khong-co-trang-nay/", 404),
    ],
    "citizen": [
        ("home", "/", 200),
        ("procedure", "/procedures/{procedure}/", 200),
        ("my-filings", "/my/filings/", 200),
        ("filing", "/filings/{filing}/", 200),
        ("receipt", "/filings/{filing}/receipt/", 200),
        ("pay", "/payments/filings/{filing}/pay/", 200),
        ("repository", "/my/documents/", 200),
        ("feedback", "/my/feedback/", 200),
        ("notifications", "/my/notifications/", 200),
        ("reports-forbidden", "/reports/", 403),
        ("admin-forbidden", "/admin/", 403),
        ("filing-not-found", "/filings/KHONG-CO/", 404),
    ],
    "desk": [
        ("queue", "/officials/queue/", 200),
        ("intake", "/officials/intake/", 200),
        ("filing", "/filings/{filing}/", 200),
        ("feedback-queue", "/officials/feedback/", 200),
        ("manage-forbidden", "/manage/", 403),
    ],
    "specialist": [
        ("queue", "/officials/queue/", 200),
        ("filing", "/filings/{filing}/", 200),
    ],
    "leader": [
        ("queue", "/officials/queue/", 200),
        ("filing", "/filings/{filing}/", 200),
        ("reports", "/reports/", 200),
        ("reports-records", "/reports/figures/electronic_filings/", 200),
    ],
    "admin": [
        ("manage", "/manage/", 200),
        ("manage-calendar", "/manage/calendar/", 200),
        ("manage-procedures", "/manage/procedures/", 200),
        ("manage-agencies", "/manage/agencies/", 200),
        ("manage-agency-form", "/manage/agencies/{agency}/", 200),
        ("manage-officials", "/manage/users/", 200),
        ("manage-official-form", "/manage/users/{official}/", 200),
        ("reports", "/reports/", 200),
        ("service-index", "/reports/index/", 200),
        ("sync-status", "/gateway/status/", 200),
        ("admin-forbidden", "/admin/", 403),
    ],
    "superuser": [
        ("manage", "/manage/", 200),
        ("reports", "/reports/", 200),
        ("sync-status", "/gateway/status/", 200),
        ("feedback-queue", "/officials/feedback/", 200),
    ],
}

LANGUAGE_NAMES = {"Tiếng Việt"}  # the language menu names each language in itself
# Pages whose English is known to be missing, with who mends it; the English check skips them (the other
# checks still run). Remove a line once its page is translated.
UNTRANSLATED_FOR_NOW: dict[str, str] = {}

CHECK_PAGE = """() => {
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.offsetParent !== null
                 && getComputedStyle(e).position !== 'fixed' && !e.closest('.scroll-x'))
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest('script, style, [lang=vi], .usa-skipnav') || !node.textContent.trim()) continue;
    texts.push(node.textContent.trim().replace(/\\s+/g, ' '));
  }
  document.querySelectorAll('[aria-label], [alt], [title], [placeholder]').forEach(e => {
    for (const a of ['aria-label', 'alt', 'title', 'placeholder'])
      if (e.getAttribute(a) && !e.closest('[lang=vi]')) texts.push(e.getAttribute(a).trim());
  });
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 8),
    banner: document.querySelectorAll('header.usa-header, [role=banner]').length,
    contentinfo: document.querySelectorAll('footer.usa-footer, [role=contentinfo]').length,
    main: document.querySelectorAll('main#main').length,
    headerHeight: document.querySelector('header.usa-header')?.getBoundingClientRect().height,
    lang: document.documentElement.lang, texts,
  };
}"""
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,
    help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""


class English:
    """Decides whether a Vietnamese text node on an English page is allowed (data, or a message waiting
    for the catalogue: ``tests.portal.catalogue``), or untranslated."""

    def __init__(self, data):
        self.data = sorted({unicodedata.normalize("NFC", d) for d in data if d}, key=len, reverse=True)

    def untranslated(self, texts):
        bad, waiting = [], []
        for text in texts:
            rest = unicodedata.normalize("NFC", text)
            for value in [*self.data, *LANGUAGE_NAMES]:
                rest = rest.replace(value, " ")
            if not VIETNAMESE.search(rest):
                continue
            (bad if VIETNAMESE.search(strip_waiting(rest)) else waiting).append(text)
        return bad, waiting


def _world():
    """A small province (the portal's own, Vĩnh Long) with an agency, one procedure with a fee, a citizen's
    filing received by the desk, the three officials, a province admin and a superuser."""
    world = World()
    province = world.agency.province
    province.name, province.slug = "Vĩnh Long", "vinh-long"
    province.save()
    filing = world.filing(S.RECEIVED)
    admin = official(Role.ADMIN, world.agency, username="quantri_tinh", first_name="Hà", last_name="Trần")
    root = UserFactory(username="root", is_staff=True, is_superuser=True, first_name="Quân", last_name="Lý")
    hotline.send_feedback(citizen=world.applicant, subject="Hỏi tiến độ giải quyết", filing=filing)
    users = {
        "anonymous": None,
        "citizen": world.applicant,
        "desk": world.actors["desk"],
        "specialist": world.actors["specialist"],
        "leader": world.actors["leader"],
        "admin": admin,
        "superuser": root,
    }
    values = {"filing": filing.code, "procedure": world.procedure.pk, "agency": world.agency.pk}
    values["official"] = world.actors["desk"].pk
    return world, users, values


def _data():
    """Every text of the world's records a page may show as it is (names are data, not messages)."""
    data = set()
    for model, fields in (
        (Province, ("name",)),
        (Agency, ("name",)),
        (Procedure, ("name", "field")),
        (RequiredDocument, ("name",)),
        (User, ("first_name", "last_name")),
    ):
        for row in model.objects.values_list(*fields):
            data |= set(row)
    for user in User.objects.all():
        data |= {user.get_full_name(), f"{user.last_name} {user.first_name}".strip()}
    data |= set(HotlineFeedback.objects.values_list("subject", flat=True))
    data |= set(FilingEvent.objects.exclude(reason="").values_list("reason", flat=True))
    return data


def _signed_in_page(browser, url, user):
    """One browser page for the whole walk of a role (a new context per size costs seconds): signed in
    through the session cookie of ``force_login``; the size and the language are set per pass."""
    page = new_page(browser, viewport={"width": 1366, "height": 900})
    if user is not None:
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]
        )
    return page


def _set_pass(page, url, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": url}])


def _report(problems):
    lines = []
    for where, found in problems.items():
        lines.append(f"== {where}")
        lines.extend(f"   {item}" for item in found)
    return "\n".join(lines)


@pytest.fixture
def browser_site(request):
    return request.getfixturevalue("chromium"), request.getfixturevalue("site")


@pytest.mark.parametrize("role", list(PAGES))
def test_every_page_of_the_role_is_accessible_fits_the_screen_and_is_translated(browser_site, role):
    browser, base = browser_site
    _, users, values = _world()
    english = English(_data())
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems, waiting, timings = {}, set(), []
    page = _signed_in_page(browser, base, users[role])
    for size, width, height, lang in SIZES:
        _set_pass(page, base, width, height, lang)
        heights = set()
        for name, path, status in PAGES[role]:
            url = base + path.format(**values)
            where = f"{role} {size} {lang} {path.format(**values)}"
            found = []
            started = time.monotonic()
            response = page.goto(url)
            if response.status != status:
                found.append(f"status {response.status}, expected {status}")
            page.wait_for_load_state("load")
            page.evaluate(AXE_SOURCE)  # through the devtools protocol: an inline script would break the CSP
            for v in page.evaluate(AXE_RUN, WCAG):
                found.append(f"axe {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}")
            facts = page.evaluate(CHECK_PAGE)
            if facts["scrollWidth"] > facts["innerWidth"] or facts["wide"]:
                found.append(
                    f"wider than the screen ({facts['scrollWidth']} > {facts['innerWidth']}): {facts['wide']}"
                )
            if not (facts["banner"] and facts["contentinfo"] and facts["main"]):
                found.append(f"no base layout: header {facts['banner']}, footer {facts['contentinfo']}")
            if facts["lang"] != lang:
                found.append(f"html lang={facts['lang']}, expected {lang}")
            if lang == "en" and path not in UNTRANSLATED_FOR_NOW:
                bad, pending = english.untranslated(facts["texts"])
                waiting |= set(pending)
                if bad:
                    found.append(f"untranslated: {bad[:8]}")
            heights.add(facts["headerHeight"])
            shot = f"{role}-{size}-{lang}-{name}.png"
            page.screenshot(path=str(SCREENS / shot), full_page=True)
            if shot in README_SCREENS:  # the screen's first view only: small PNGs for the README
                page.screenshot(path=str(ROOT / "docs" / "screens" / README_SCREENS[shot]))
            timings.append((time.monotonic() - started, where))
            if found:
                problems[where] = found
        if size == "desktop" and len(heights) > 1:
            problems[f"{role} {size} {lang}"] = [
                f"the header's height changes from page to page: {sorted(heights)}"
            ]
    page.context.close()
    slowest = sorted(timings, reverse=True)[:3]
    print(f"\n{len(timings)} pages in {sum(t for t, _ in timings):.1f} s; slowest: {slowest}")
    if waiting:
        print(f"\n{len(waiting)} text(s) waiting for `make messages` (no English in locale/en yet):")
        print("\n".join(f"   {t}" for t in sorted(waiting)))
    assert not problems, "\n" + _report(problems)
    assert CSP_VIOLATIONS == []
