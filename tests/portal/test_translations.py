"""No untranslated string on the portal's pages: in English, no Vietnamese text is left but the data."""

import re
import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline import services as hotline
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import CalendarDay, Filing, User
from tests.factories import official
from tests.portal.catalogue import strip_waiting

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


def _untranslated(html, data):
    text = unicodedata.normalize("NFC", re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S))
    for value in sorted(filter(None, data), key=len, reverse=True):
        text = text.replace(unicodedata.normalize("NFC", value), " ")
    text = text.replace("Tiếng Việt", " ")  # the language's own name in the switch
    text = strip_waiting(text)  # new messages with no English in locale/en until `make messages`
    return sorted({line.strip() for line in text.splitlines() if VIETNAMESE.search(line)})


FEEDBACK = ("Hỏi tiến độ giải quyết", "Hỏi lệ phí", "Hồ sơ đang được thẩm định")  # two subjects, an answer


def _data(world, filing):
    values = {world.procedure.name, world.procedure.field, world.agency.name, filing.applicant_name}
    values |= {*FEEDBACK, world.actors["desk"].get_full_name()}
    values |= {d.name for d in world.procedure.required_documents.all()}
    values |= {world.other_agency.name, world.agency.province.name, world.other_agency.province.name}
    values |= {e.reason for e in filing.events.all()}
    values |= {"Nghỉ", world.agency.province.name}
    values |= set(User.objects.values_list("first_name", flat=True))
    values |= set(User.objects.values_list("last_name", flat=True))
    return values


def _admin(world):
    """The province's admin, with a day of the province's own calendar to show."""
    CalendarDay.objects.get_or_create(
        date=timezone.localdate().replace(month=12, day=31),
        defaults={"is_working_day": False, "reason": "Nghỉ"},
    )
    return User.objects.filter(username="quantri_tinh").first() or official(
        Role.ADMIN, world.agency, username="quantri_tinh", is_staff=True
    )


def _pages(world, filing):
    yield world.applicant, reverse("portal:home")
    yield world.applicant, reverse("portal:procedure", args=[world.procedure.pk])
    yield world.applicant, reverse("portal:my_filings")
    yield world.applicant, reverse("portal:repository")
    yield world.applicant, reverse("portal:filing", args=[filing.code])
    yield world.applicant, reverse("portal:receipt_slip", args=[filing.code])
    yield world.actors["specialist"], reverse("portal:queue")
    yield world.actors["specialist"], reverse("portal:filing", args=[filing.code])
    yield world.actors["desk"], reverse("portal:intake")
    # Tổng đài 1022: one item pending, one answered, on the citizen's page and in the officials' list
    hotline.send_feedback(citizen=world.applicant, subject=FEEDBACK[0], filing=filing)
    answered = hotline.send_feedback(citizen=world.applicant, subject=FEEDBACK[1], agency=world.agency)
    hotline.answer_feedback(item=answered, actor=world.actors["desk"], answer=FEEDBACK[2])
    yield world.applicant, reverse("portal:my_feedback")
    yield world.actors["desk"], reverse("portal:feedback_queue")
    yield world.actors["leader"], reverse("portal:feedback_queue") + "?state=pending"
    yield None, reverse("portal:login")
    admin = _admin(world)
    for name in (
        "index",
        "calendar",
        "procedures",
        "agencies",
        "agency_create",
        "officials",
        "official_create",
    ):
        yield admin, reverse(f"manage:{name}")
    yield admin, reverse("manage:agency_edit", args=[world.agency.pk])
    yield admin, reverse("manage:official_edit", args=[world.actors["desk"].pk])
    yield admin, reverse("reports:dashboard")
    yield admin, reverse("sync:status")


def test_no_untranslated_string_on_the_pages_in_english(client, world):
    filing = world.filing(S.IN_REVIEW)
    draft = world.filing(S.DRAFT)
    data = _data(world, filing)
    pages = [*_pages(world, filing), (world.applicant, reverse("portal:edit_filing", args=[draft.code]))]
    left = {}
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        client.cookies["django_language"] = "en"
        page = client.get(url)
        assert page.status_code == 200, url
        found = _untranslated(page.content.decode(), data | {draft.code})
        if found:
            left[url] = found
    assert left == {}


def test_the_same_pages_render_in_vietnamese(client, world):
    filing = world.filing(S.RECEIVED)
    for user, url in _pages(world, filing):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200 and 'lang="vi"' in page.content.decode(), url
    assert Filing.objects.count() == 1


def test_every_english_message_is_translated_and_none_is_fuzzy():
    """A fuzzy entry (makemessages' guess from a similar msgid) is not compiled: the page shows Vietnamese."""
    po = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first is the header
    live = [e for e in entries if "\nmsgid " in f"\n{e}" and not e.lstrip().startswith("#~")]
    fuzzy = [e for e in live if any(line.startswith("#,") and "fuzzy" in line for line in e.splitlines())]
    empty = [e for e in live if e.rstrip().endswith('msgstr ""')]
    assert fuzzy == [] and empty == []
