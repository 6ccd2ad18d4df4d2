"""Tổng đài 1022 on the portal: a citizen sends feedback and reads the answer; the agency's desk and
leaders (and province admins) answer it, in place with htmx or by a plain post."""

import pytest
from django.urls import reverse

from hotline import services as hotline
from hotline.models import HotlineFeedback
from services.constants import FilingStatus as S
from services.constants import Role
from tests.factories import AgencyFactory, ProcedureFactory, UserFactory, citizen, official

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _item(world, subject="Hồ sơ chậm", agency=None, **kw):
    return hotline.record_feedback(
        province=world.agency.province,
        agency=agency or world.agency,
        caller_name="Lê C",
        subject=subject,
        **kw,
    )


def _answer(client, item, text="Đã chuyển chuyên viên xử lý", **headers):
    return client.post(reverse("portal:answer_feedback", args=[item.pk]), {"answer": text}, **headers)


# --- the citizen's page -------------------------------------------------------------------------------


def test_citizen_sends_feedback_about_their_filing_and_the_agency_comes_from_it(as_user, world):
    filing = world.filing(S.RECEIVED)
    client = as_user(world.applicant)
    answer = client.post(reverse("portal:my_feedback"), {"subject": "  Hồ sơ chậm  ", "filing": filing.code})
    assert answer.status_code == 302 and answer["Location"] == reverse("portal:my_feedback")
    item = HotlineFeedback.objects.get()
    assert (item.citizen, item.filing, item.agency, item.province) == (
        world.applicant,
        filing,
        world.agency,
        world.agency.province,
    )
    assert item.channel == "web" and item.subject == "Hồ sơ chậm" and item.answered_at is None
    assert item.caller_name == world.applicant.get_full_name()
    page = client.get(reverse("portal:my_feedback")).content.decode()
    assert "Hồ sơ chậm" in page and "Chờ trả lời" in page and filing.code in page


def test_citizen_sends_feedback_to_an_agency_without_a_filing(as_user, world):
    client = as_user(world.applicant)
    form = client.get(reverse("portal:my_feedback")).content.decode()
    assert f'<option value="{world.other_agency.pk}"' not in form  # no procedure there yet
    ProcedureFactory(agency=world.other_agency)
    form = client.get(reverse("portal:my_feedback")).content.decode()
    for agency in (world.agency, world.other_agency):  # the agencies with procedures, by province
        assert f'<optgroup label="{agency.province.name}">' in form
        assert f'<option value="{agency.pk}" >{agency.name}</option>' in form
    client.post(
        reverse("portal:my_feedback"), {"subject": "Hỏi giờ làm việc", "agency": world.other_agency.pk}
    )
    item = HotlineFeedback.objects.get()
    assert item.agency == world.other_agency and item.filing is None


def test_citizen_cannot_send_feedback_about_another_citizens_filing(as_user, world):
    filing = world.filing(S.RECEIVED)
    other = citizen(2)
    answer = as_user(other).post(reverse("portal:my_feedback"), {"subject": "Hỏi", "filing": filing.code})
    assert answer.status_code == 404 and not HotlineFeedback.objects.exists()
    with pytest.raises(hotline.NotPermitted):
        hotline.send_feedback(citizen=other, subject="Hỏi", filing=filing)
    assert not HotlineFeedback.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"subject": "   ", "agency": True}, "The caller and the subject are required"),
        ({"subject": "x" * 501, "agency": True}, "longer than 500 characters"),
        ({"subject": "Hỏi", "agency": ""}, "Choose the filing or the agency"),
    ],
)
def test_feedback_form_refuses_bad_input_with_its_message_and_writes_nothing(as_user, world, data, message):
    client = as_user(world.applicant)
    client.cookies["django_language"] = "en"
    data = {**data, "agency": world.agency.pk if data["agency"] else ""}
    answer = client.post(reverse("portal:my_feedback"), data)
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not HotlineFeedback.objects.exists()


def test_the_feedback_page_is_for_identified_citizens(as_user, client, world):
    assert client.get(reverse("portal:my_feedback")).status_code == 302  # to the login page
    desk = as_user(world.actors["desk"])
    assert desk.get(reverse("portal:my_feedback")).status_code == 403
    assert (
        desk.post(reverse("portal:my_feedback"), {"subject": "x", "agency": world.agency.pk}).status_code
        == 403
    )
    assert not HotlineFeedback.objects.exists()


def test_the_filing_page_links_its_applicant_to_feedback_about_it(as_user, world):
    filing = world.filing(S.RECEIVED)
    link = f"{reverse('portal:my_feedback')}?filing={filing.code}"
    assert link in as_user(world.applicant).get(reverse("portal:filing", args=[filing.code])).content.decode()
    form = as_user(world.applicant).get(link).content.decode()
    assert f'<option value="{filing.code}" selected>' in form
    assert (
        link
        not in as_user(world.actors["desk"])
        .get(reverse("portal:filing", args=[filing.code]))
        .content.decode()
    )


def test_the_citizen_sees_the_answer_once_given(as_user, world):
    item = hotline.send_feedback(citizen=world.applicant, subject="Hỏi lệ phí", agency=world.agency)
    _answer(as_user(world.actors["desk"]), item, "Lệ phí là 100.000 đồng")
    page = as_user(world.applicant).get(reverse("portal:my_feedback")).content.decode()
    assert "Lệ phí là 100.000 đồng" in page and "Đã trả lời" in page and "Chờ trả lời" not in page


def test_a_citizen_sees_only_their_own_feedback(as_user, world):
    hotline.send_feedback(citizen=citizen(3), subject="Của người khác", agency=world.agency)
    assert (
        "Của người khác" not in as_user(world.applicant).get(reverse("portal:my_feedback")).content.decode()
    )


# --- who answers ------------------------------------------------------------------------------------


def _admin():
    return UserFactory(roles=[Role.ADMIN])


@pytest.mark.parametrize(
    "who, listed, answered",
    [
        ("desk", 200, True),
        ("leader", 200, True),
        ("admin", 200, True),
        ("admin_without_agency", 403, False),  # no province: reaches nothing
        ("admin_of_another_province", 200, False),
        ("superuser", 200, True),
        ("specialist", 403, False),
        ("applicant", 403, False),
        ("other_desk", 200, False),  # the list opens, but shows and answers only the other agency's items
    ],
)
def test_who_may_answer_a_feedback_item(as_user, world, who, listed, answered):
    users = {
        "admin": lambda: UserFactory(roles=[Role.ADMIN], agency=world.agency),  # of the province
        "admin_without_agency": _admin,
        "admin_of_another_province": lambda: UserFactory(roles=[Role.ADMIN], agency=AgencyFactory()),
        "superuser": lambda: UserFactory(is_superuser=True),
        "other_desk": lambda: official(Role.DESK, world.other_agency),
    }
    user = users[who]() if who in users else world.actors[who]
    item = _item(world, subject="Hỏi về lệ phí trước bạ")
    client = as_user(user)
    page = client.get(reverse("portal:feedback_queue"))
    assert page.status_code == listed
    assert ("Hỏi về lệ phí trước bạ" in page.content.decode()) is answered
    reply = _answer(client, item)
    assert reply.status_code == (302 if answered else {403: 403, 200: 404}[listed])
    item.refresh_from_db()
    assert item.is_answered is answered
    assert item.answered_by == (user if answered else None)


def test_the_service_refuses_an_official_of_another_agency(world):
    item = _item(world)
    with pytest.raises(hotline.NotPermitted):
        hotline.answer_feedback(item=item, actor=official(Role.DESK, world.other_agency), answer="Trả lời")
    item.refresh_from_db()
    assert not item.is_answered and item.answer == ""


def test_an_unrouted_item_is_answered_by_the_desks_of_its_province_only(world):
    item = hotline.record_feedback(province=world.agency.province, caller_name="Lê C", subject="Hỏi chung")
    elsewhere = official(Role.DESK, world.other_agency)  # another province (the factory makes one each)
    assert world.other_agency.province_id != world.agency.province_id
    with pytest.raises(hotline.NotPermitted):
        hotline.answer_feedback(item=item, actor=elsewhere, answer="Trả lời")
    assert hotline.answer_feedback(item=item, actor=world.actors["leader"], answer="Trả lời").is_answered


def test_answering_twice_is_a_conflict_with_a_clear_message_and_keeps_the_first_answer(as_user, world):
    item = _item(world)
    hotline.answer_feedback(item=item, actor=world.actors["leader"], answer="Lần đầu")
    client = as_user(world.actors["desk"])
    client.cookies["django_language"] = "en"
    again = _answer(client, item, "Lần hai")
    assert again.status_code == 409 and "This feedback is already answered." in again.content.decode()
    item.refresh_from_db()
    assert item.answer == "Lần đầu" and item.answered_by == world.actors["leader"]


def test_an_empty_answer_is_refused_with_its_message(as_user, world):
    item = _item(world)
    client = as_user(world.actors["desk"])
    client.cookies["django_language"] = "en"
    answer = _answer(client, item, "   ")
    assert answer.status_code == 400 and "The answer is required." in answer.content.decode()
    item.refresh_from_db()
    assert not item.is_answered and item.answered_by is None


def test_the_list_puts_pending_items_first_oldest_first_and_filters(as_user, world):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    newer = _item(world, "Mới hơn", at=now - timedelta(days=1))
    older = _item(world, "Cũ hơn", at=now - timedelta(days=3))
    done = _item(world, "Đã xong", at=now - timedelta(days=5))
    hotline.answer_feedback(item=done, actor=world.actors["desk"], answer="Xong")
    client = as_user(world.actors["desk"])

    def listed(**params):
        page = client.get(reverse("portal:feedback_queue"), params)
        return [i.pk for i in page.context["page"]]

    assert listed() == [older.pk, newer.pk, done.pk]
    assert listed(state="pending") == [older.pk, newer.pk]
    assert listed(state="answered") == [done.pk]


# --- htmx: the fragment for htmx, the whole page without it ------------------------------------------


def test_answering_with_htmx_returns_only_the_item_answered(as_user, world):
    item = _item(world)
    answer = _answer(as_user(world.actors["desk"]), item, "Đã xử lý", **HTMX)
    html = answer.content.decode()
    assert answer.status_code == 200 and html.startswith('<article class="card feedback"')
    assert "<html" not in html and "Đã xử lý" in html and "<textarea" not in html
    assert HotlineFeedback.objects.get().answer == "Đã xử lý"


def test_a_refused_htmx_answer_comes_back_as_the_item_with_the_message(as_user, world):
    item = _item(world)
    hotline.answer_feedback(item=item, actor=world.actors["leader"], answer="Lần đầu")
    answer = _answer(as_user(world.actors["desk"]), item, "Lần hai", **HTMX)
    html = answer.content.decode()
    assert answer.status_code == 409 and "<html" not in html
    assert "Phản ánh này đã được trả lời" in html and "Lần đầu" in html


@pytest.mark.parametrize("url_name", ["portal:queue", "portal:feedback_queue"])
def test_an_htmx_request_gets_the_results_fragment_and_a_plain_one_the_page(as_user, world, url_name):
    world.filing(S.SUBMITTED)
    _item(world)
    client = as_user(world.actors["desk"])
    full = client.get(reverse(url_name))
    fragment = client.get(reverse(url_name), **HTMX)
    assert "<html" in full.content.decode() and 'hx-push-url="true"' in full.content.decode()
    assert "<html" not in fragment.content.decode() and '<form method="get"' not in fragment.content.decode()
    assert 'role="status"' in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in full["Vary"]
    # htmx restoring history asks for the whole page
    restore = client.get(reverse(url_name), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in restore.content.decode()


def test_the_queue_fragment_is_filtered_like_the_page(as_user, world):
    late, on_time = world.filing(S.RECEIVED), world.filing(S.RECEIVED)
    from services.models import Filing

    Filing.objects.filter(pk=late.pk).update(due_date="2020-01-02")
    fragment = as_user(world.actors["specialist"]).get(reverse("portal:queue"), {"overdue": "1"}, **HTMX)
    html = fragment.content.decode()
    assert late.code in html and on_time.code not in html
