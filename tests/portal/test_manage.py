"""The admins' pages at /manage/: who may open them, the calendar, the catalog's publication, agencies
and officials. Every write goes through the client as a browser would post it; a refusal answers 4xx with
its message and writes nothing."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from services import services
from services.constants import AgencyLevel, OnlineLevel, Role
from services.constants import FilingStatus as S
from services.models import Agency, CalendarDay, OutboxEvent, ProcedurePublication, User
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, official

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
PASSWORD = "Quan-tri-2026-an-toan"

PAGES = [
    ("manage:index", []),
    ("manage:calendar", []),
    ("manage:procedures", []),
    ("manage:agencies", []),
    ("manage:agency_create", []),
    ("manage:officials", []),
    ("manage:official_create", []),
]


@pytest.fixture(autouse=True)
def _no_delivery(settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = False  # the outbox rows are what is checked, not delivery


@pytest.fixture
def admin(world):
    return official(Role.ADMIN, world.agency, username="quantri_x")


@pytest.fixture
def as_admin(client, admin):
    client.force_login(admin)
    return client


def post(client, name, args=(), data=None, query=""):
    return client.post(reverse(name, args=args) + query, data or {})


# --- who may open the pages -------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_people_are_sent_to_sign_in_and_non_admins_are_refused(client, world, admin, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("portal:login"))
    for person in (world.actors["desk"], world.actors["leader"], world.applicant):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_the_index_links_the_sections_the_reports_and_the_sync_status(as_admin):
    page = as_admin.get(reverse("manage:index")).content.decode()
    for name in ("manage:calendar", "manage:procedures", "manage:agencies", "manage:officials"):
        assert f'href="{reverse(name)}"' in page
    assert f'href="{reverse("reports:dashboard")}"' in page and f'href="{reverse("sync:status")}"' in page


def test_a_deactivated_admin_is_refused(client, admin):
    User.objects.filter(pk=admin.pk).update(is_active=False)
    client.force_login(admin)  # a session opened before the deactivation
    assert client.get(reverse("manage:index")).status_code in (302, 403)


def test_a_superuser_without_agency_switches_province_and_keeps_it(client, world):
    root = official(Role.ADMIN, None, is_superuser=True, is_staff=True)
    client.force_login(root)
    other = world.other_agency.province
    page = client.get(reverse("manage:agencies"), {"province": other.slug}).content.decode()
    assert world.other_agency.name in page and world.agency.name not in page
    page = client.get(reverse("manage:agencies")).content.decode()
    assert world.other_agency.name in page


def test_an_admin_of_a_province_cannot_switch_to_another(as_admin, world):
    page = as_admin.get(reverse("manage:agencies"), {"province": world.other_agency.province.slug})
    assert world.agency.name in page.content.decode()
    assert world.other_agency.name not in page.content.decode()


# --- calendar ---------------------------------------------------------------------------------------
def test_the_calendar_shows_the_national_holidays_and_make_up_saturdays_of_the_year(as_admin):
    page = as_admin.get(reverse("manage:calendar"), {"year": 2024}).content.decode()
    assert "10/02/2024" in page  # Tết
    assert "04/05/2024" in page  # the make-up Saturday for 30/4-1/5
    assert "06/03/2024" not in page


def receive_at(world, when):
    filing = drive(new_draft(world.procedure, world.applicant), S.SUBMITTED, world.actors)
    with time_machine.travel(when, tick=False):
        return services.receive_filing(filing=filing, actor=world.actors["desk"])


def test_a_day_off_added_on_the_page_moves_the_due_date_of_a_filing_received_after_it(as_admin, world):
    monday = dt.datetime(2024, 3, 4, 9, tzinfo=VN)
    before = receive_at(world, monday)  # 3 working days: Tue 5, Wed 6, Thu 7
    assert before.due_date == D(2024, 3, 7)
    response = post(
        as_admin, "manage:calendar_add", data={"date": "2024-03-05", "kind": "off", "reason": "Nghỉ bầu cử"}
    )
    assert response.status_code == 302
    after = receive_at(world, monday)
    assert after.due_date == D(2024, 3, 8)
    before.refresh_from_db()
    assert before.due_date == D(2024, 3, 7)  # a due date already given is kept
    message = str(next(iter(as_admin.get(response.url).context["messages"])))
    assert "05/03/2024" in message and ": 1 " in message  # the one open filing whose deadline spans it


def test_a_province_s_day_off_leaves_other_provinces_deadlines_alone(as_admin, world):
    elsewhere = ProcedureFactory(agency=world.other_agency, processing_days=3)
    assert world.other_agency.province_id != world.agency.province_id
    post(as_admin, "manage:calendar_add", data={"date": "2024-03-05", "kind": "off", "reason": "Nghỉ"})
    monday = dt.datetime(2024, 3, 4, 9, tzinfo=VN)
    here = receive_at(world, monday)
    desk = official(Role.DESK, world.other_agency)
    there = drive(new_draft(elsewhere, world.applicant), S.SUBMITTED, {**world.actors, "desk": desk})
    with time_machine.travel(monday, tick=False):
        there = services.receive_filing(filing=there, actor=desk)
    assert (here.due_date, there.due_date) == (D(2024, 3, 8), D(2024, 3, 7))


def test_a_day_for_every_province_counts_and_only_a_province_s_own_days_can_be_removed(as_admin, world):
    everywhere = CalendarDay.objects.create(date=D(2024, 3, 5), is_working_day=False, reason="Quốc tang")
    other = CalendarDay.objects.create(
        province=world.other_agency.province, date=D(2024, 3, 6), is_working_day=False, reason="Nghỉ"
    )
    assert receive_at(world, dt.datetime(2024, 3, 4, 9, tzinfo=VN)).due_date == D(2024, 3, 8)
    page = as_admin.get(reverse("manage:calendar") + "?year=2024").content.decode()
    assert "Quốc tang" in page and "Áp dụng mọi tỉnh" in page and "06/03/2024" not in page
    for day in (everywhere, other):
        assert post(as_admin, "manage:calendar_remove", [day.pk]).status_code == 404
    assert CalendarDay.objects.count() == 2


def test_a_make_up_saturday_added_on_the_page_counts_as_a_working_day(as_admin, world):
    response = post(
        as_admin, "manage:calendar_add", data={"date": "2024-03-09", "kind": "working", "reason": "Làm bù"}
    )
    assert response.status_code == 302
    filing = receive_at(world, dt.datetime(2024, 3, 6, 9, tzinfo=VN))  # Thu 7, Fri 8, Sat 9
    assert filing.due_date == D(2024, 3, 9)


@pytest.mark.parametrize(
    ("data", "vietnamese", "english"),
    [
        (
            {"date": "2024-03-09", "kind": "off"},
            "Ngày này đã là ngày nghỉ",
            "already a day off",
        ),  # a Saturday
        ({"date": "2024-02-12", "kind": "off"}, "Ngày này đã là ngày nghỉ", "already a day off"),  # Tết
        ({"date": "2024-03-06", "kind": "working"}, "đã là ngày làm việc", "already a working day"),  # Wed
        (
            {"date": "2024-05-04", "kind": "working"},
            "đã là ngày làm việc",
            "already a working day",
        ),  # make-up
        ({"date": "2024-03-06", "kind": "off", "reason": "   "}, "", ""),  # a reason is required
        ({"date": "06/03/2024x", "kind": "off"}, "", ""),
    ],
)
def test_a_day_that_changes_nothing_or_has_no_reason_is_refused_and_nothing_is_written(
    as_admin, data, vietnamese, english
):
    data = {"reason": "Nghỉ thêm"} | data
    response = post(as_admin, "manage:calendar_add", data=data)
    assert response.status_code == 400 and response.context["form"].errors
    assert vietnamese in response.content.decode()
    as_admin.cookies["django_language"] = "en"
    response = post(as_admin, "manage:calendar_add", data=data)
    assert response.status_code == 400 and english in response.content.decode()
    assert CalendarDay.objects.count() == 0


def test_a_day_already_in_the_province_calendar_is_refused(as_admin, world):
    CalendarDay.objects.create(
        province=world.agency.province, date=D(2024, 3, 6), is_working_day=False, reason="Nghỉ"
    )
    response = post(
        as_admin, "manage:calendar_add", data={"date": "2024-03-06", "kind": "off", "reason": "y"}
    )
    assert response.status_code == 400 and "đã có trong lịch của tỉnh" in response.content.decode()
    assert response.context["year"] == 2024  # the page shows the year of the day asked for
    assert list(CalendarDay.objects.values_list("reason", flat=True)) == ["Nghỉ"]


def test_removing_a_day_asks_for_confirmation_then_deletes_it_and_only_admins_may(client, world, admin):
    day = CalendarDay.objects.create(
        province=world.agency.province, date=D(2024, 3, 6), is_working_day=False, reason="Nghỉ"
    )
    url = reverse("manage:calendar_remove", args=[day.pk])
    client.force_login(world.actors["leader"])
    assert client.post(url).status_code == 403
    client.force_login(admin)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "06/03/2024" in confirm.content.decode()
    assert CalendarDay.objects.count() == 1  # opening the confirmation removes nothing
    assert client.post(url).status_code == 302
    assert CalendarDay.objects.count() == 0


def test_a_desk_officer_cannot_add_a_day(client, world):
    client.force_login(world.actors["desk"])
    response = post(client, "manage:calendar_add", data={"date": "2024-03-06", "kind": "off", "reason": "x"})
    assert response.status_code == 403 and CalendarDay.objects.count() == 0


# --- catalog and publication ------------------------------------------------------------------------
def test_a_publish_click_writes_exactly_one_outbox_row(as_admin, world):
    procedure = world.procedure
    response = post(as_admin, "manage:procedure_publish", [procedure.pk], query="?level=full")
    assert response.status_code == 302 and response.url == reverse("manage:procedures") + "?level=full"
    event = OutboxEvent.objects.get()
    assert (event.topic, event.key) == ("catalog.publish", f"procedure:{procedure.pk}")
    assert event.payload["national_code"] == procedure.national_code
    assert ProcedurePublication.objects.get().desired == "published"
    post(as_admin, "manage:procedure_publish", [procedure.pk])  # unchanged: nothing sent again
    assert OutboxEvent.objects.count() == 1


def test_a_non_admin_publish_click_is_refused_and_writes_nothing(client, world):
    for person in (world.actors["leader"], world.applicant):
        client.force_login(person)
        assert post(client, "manage:procedure_publish", [world.procedure.pk]).status_code == 403
        assert post(client, "manage:publish_all").status_code == 403
    client.logout()
    assert post(client, "manage:procedure_publish", [world.procedure.pk]).status_code == 302
    assert OutboxEvent.objects.count() == 0 and ProcedurePublication.objects.count() == 0


def test_publishing_a_procedure_that_is_not_online_is_refused_with_its_reason(as_admin, world):
    counter_only = ProcedureFactory(agency=world.agency, online_level=OnlineLevel.NONE)
    response = post(as_admin, "manage:procedure_publish", [counter_only.pk])
    assert response.status_code == 400
    assert "Chỉ công bố dịch vụ công trực tuyến" in response.content.decode()
    assert OutboxEvent.objects.count() == 0


def test_a_procedure_of_another_province_is_not_found(as_admin, world):
    elsewhere = ProcedureFactory(agency=world.other_agency)
    assert post(as_admin, "manage:procedure_publish", [elsewhere.pk]).status_code == 404
    assert OutboxEvent.objects.count() == 0


def test_unpublish_writes_one_row_and_an_unpublished_procedure_cannot_be_unpublished(as_admin, world):
    procedure = world.procedure
    response = post(as_admin, "manage:procedure_unpublish", [procedure.pk])
    assert response.status_code == 409 and "Thủ tục chưa được công bố" in response.content.decode()
    post(as_admin, "manage:procedure_publish", [procedure.pk])
    assert post(as_admin, "manage:procedure_unpublish", [procedure.pk]).status_code == 302
    assert list(OutboxEvent.objects.order_by("pk").values_list("topic", flat=True)) == [
        "catalog.publish",
        "catalog.unpublish",
    ]


def test_publish_all_sends_the_eligible_services_of_the_province_only(as_admin, world):
    partial = ProcedureFactory(agency=world.agency, online_level=OnlineLevel.PARTIAL)
    ProcedureFactory(agency=world.agency, online_level=OnlineLevel.NONE)
    ProcedureFactory(agency=world.agency, eligible_for_national_gateway=False)
    ProcedureFactory(agency=world.other_agency)
    assert post(as_admin, "manage:publish_all").status_code == 302
    keys = set(OutboxEvent.objects.values_list("key", flat=True))
    assert keys == {f"procedure:{world.procedure.pk}", f"procedure:{partial.pk}"}


def test_the_catalog_list_filters_and_shows_level_fee_days_and_publication(as_admin, world):
    second = ProcedureFactory(
        agency=AgencyFactory(province=world.agency.province, code="STP"),
        name="Cấp bản sao trích lục hộ tịch",
        online_level=OnlineLevel.PARTIAL,
        processing_days=7,
        fee=8000,
    )
    post(as_admin, "manage:procedure_publish", [world.procedure.pk])
    url = reverse("manage:procedures")

    def codes(**query):
        page = as_admin.get(url, query)
        assert page.status_code == 200
        return [p.national_code for p in page.context["page"]]

    assert sorted(codes()) == sorted([world.procedure.national_code, second.national_code])
    assert codes(q="cap ban sao") == [second.national_code]  # without diacritics
    assert codes(q=second.national_code) == [second.national_code]
    assert codes(agency="STP") == [second.national_code]
    assert codes(level="partial") == [second.national_code]
    assert codes(publication="pending") == [world.procedure.national_code]
    assert codes(publication="not_published") == [second.national_code]
    assert codes(publication="published") == []
    pub = ProcedurePublication.objects.get()  # the gateway acknowledges it, as delivery records it
    ProcedurePublication.objects.filter(pk=pub.pk).update(state="published", acked_hash=pub.payload_hash)
    assert codes(publication="published") == [world.procedure.national_code]
    assert codes(publication="pending") == []
    row = as_admin.get(url, {"q": second.national_code}).content.decode()
    assert "8.000 ₫" in row and "Một phần" in row and "<td>7</td>" in row


# --- agencies ---------------------------------------------------------------------------------------
def test_an_admin_creates_and_edits_an_agency_of_the_province(as_admin, world):
    data = {"code": "UBND-XA-1", "name": "UBND xã Một", "level": AgencyLevel.COMMUNE, "parent": "UBND-X"}
    assert post(as_admin, "manage:agency_create", data=data).status_code == 302
    agency = Agency.objects.get(code="UBND-XA-1")
    assert agency.province == world.agency.province and agency.parent == world.agency
    data |= {"name": "UBND xã Một (mới)", "parent": ""}
    assert post(as_admin, "manage:agency_edit", [agency.pk], data=data).status_code == 302
    agency.refresh_from_db()
    assert agency.name == "UBND xã Một (mới)" and agency.parent is None


def test_an_agency_code_in_use_or_a_parent_loop_is_refused(as_admin, world):
    data = {"code": world.other_agency.code, "name": "Trùng mã", "level": AgencyLevel.DISTRICT}
    response = post(as_admin, "manage:agency_create", data=data)
    assert response.status_code == 400 and "Mã cơ quan đã được dùng" in response.content.decode()
    child = AgencyFactory(province=world.agency.province, parent=world.agency, code="CON")
    data = {"code": "UBND-X", "name": world.agency.name, "level": world.agency.level, "parent": "CON"}
    response = post(as_admin, "manage:agency_edit", [world.agency.pk], data=data)
    assert response.status_code == 400 and "không thể là cấp trên của chính nó" in response.content.decode()
    world.agency.refresh_from_db()
    assert world.agency.parent is None and child.parent_id == world.agency.pk
    assert Agency.objects.filter(name="Trùng mã").count() == 0


def test_an_agency_of_another_province_cannot_be_edited_or_made_a_parent(as_admin, world):
    data = {"code": "NEW", "name": "Mới", "level": AgencyLevel.DISTRICT, "parent": world.other_agency.code}
    assert post(as_admin, "manage:agency_create", data=data).status_code == 400
    assert as_admin.get(reverse("manage:agency_edit", args=[world.other_agency.pk])).status_code == 404
    assert not Agency.objects.filter(code="NEW").exists()


# --- officials --------------------------------------------------------------------------------------
def new_official(**overrides):
    return {
        "username": "chuyenvien2",
        "full_name": "Trần Thị Hoa",
        "email": "hoa@example.vn",
        "role": Role.SPECIALIST.value,
        "agency": "UBND-X",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides


def test_an_admin_creates_an_official_who_can_sign_in_with_the_initial_password(as_admin, world):
    assert post(as_admin, "manage:official_create", data=new_official()).status_code == 302
    user = authenticate(RequestFactory().post("/login/"), username="chuyenvien2", password=PASSWORD)
    assert user is not None and user.agency == world.agency
    assert user.has_role(Role.SPECIALIST) and not user.is_staff
    assert user.get_full_name() == "Trần Thị Hoa"  # as Vietnamese write it, family name first
    assert (user.last_name, user.first_name) == ("Trần Thị", "Hoa")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password1": "123456", "password2": "123456"}, "password1"),  # too short, too common, numeric
        ({"password2": "khac-mat-khau-2026"}, "password2"),
        ({"username": "quantri_x"}, "username"),  # taken
        ({"role": Role.CITIZEN.value}, "role"),
        ({"agency": "AG-NOWHERE"}, "agency"),
        ({"username": ""}, "username"),
    ],
)
def test_an_official_with_a_weak_password_or_a_wrong_field_is_not_created(as_admin, overrides, field):
    before = User.objects.count()
    response = post(as_admin, "manage:official_create", data=new_official(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert User.objects.count() == before


def test_an_official_of_another_province_is_not_created(as_admin, world):
    response = post(as_admin, "manage:official_create", data=new_official(agency=world.other_agency.code))
    assert response.status_code == 400 and not User.objects.filter(username="chuyenvien2").exists()


def test_an_admin_changes_an_officials_role_agency_and_password(as_admin, world):
    desk = world.actors["desk"]
    second = AgencyFactory(province=world.agency.province, code="STP")
    data = {"role": Role.LEADER.value, "agency": "STP", "password1": PASSWORD, "password2": PASSWORD}
    assert post(as_admin, "manage:official_edit", [desk.pk], data=data).status_code == 302
    desk = User.objects.get(pk=desk.pk)
    assert desk.has_role(Role.LEADER) and not desk.has_role(Role.DESK) and desk.agency == second
    assert desk.check_password(PASSWORD)
    data = {"role": Role.ADMIN.value, "agency": "STP", "password1": "", "password2": ""}
    post(as_admin, "manage:official_edit", [desk.pk], data=data)
    desk = User.objects.get(pk=desk.pk)
    assert desk.has_role(Role.ADMIN) and not desk.is_staff and desk.check_password(PASSWORD)


def test_an_admin_cannot_drop_their_own_admin_role(as_admin, admin):
    data = {"role": Role.DESK.value, "agency": "UBND-X", "password1": "", "password2": ""}
    response = post(as_admin, "manage:official_edit", [admin.pk], data=data)
    assert response.status_code == 400 and "bỏ vai trò quản trị của chính mình" in response.content.decode()
    assert User.objects.get(pk=admin.pk).has_role(Role.ADMIN)


def test_deactivate_and_reactivate_an_official_never_deleting(as_admin, world):
    desk = world.actors["desk"]
    assert post(as_admin, "manage:official_active", [desk.pk], data={"active": "0"}).status_code == 302
    desk.refresh_from_db()
    assert not desk.is_active
    assert authenticate(RequestFactory().post("/login/"), username=desk.username, password="") is None
    assert post(as_admin, "manage:official_active", [desk.pk], data={"active": "1"}).status_code == 302
    desk.refresh_from_db()
    assert desk.is_active


def test_an_admin_cannot_deactivate_themself(as_admin, admin):
    response = post(as_admin, "manage:official_active", [admin.pk], data={"active": "0"})
    assert response.status_code == 400
    assert "không thể tự khóa tài khoản" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_a_non_admin_cannot_create_change_or_deactivate_officials(client, world):
    leader, desk = world.actors["leader"], world.actors["desk"]
    client.force_login(leader)
    assert post(client, "manage:official_create", data=new_official()).status_code == 403
    data = {"role": Role.ADMIN.value, "agency": "UBND-X", "password1": "", "password2": ""}
    assert post(client, "manage:official_edit", [leader.pk], data=data).status_code == 403
    assert post(client, "manage:official_active", [desk.pk], data={"active": "0"}).status_code == 403
    assert (
        post(client, "manage:agency_create", data={"code": "Z", "name": "Z", "level": "district"}).status_code
        == 403
    )
    desk.refresh_from_db()
    assert desk.is_active and not leader.has_role(Role.ADMIN)
    assert (
        not User.objects.filter(username="chuyenvien2").exists()
        and not Agency.objects.filter(code="Z").exists()
    )


def test_an_official_of_another_province_is_not_found(as_admin, world):
    stranger = official(Role.DESK, world.other_agency)
    assert post(as_admin, "manage:official_active", [stranger.pk], data={"active": "0"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_the_users_list_filters_by_agency_role_and_search(as_admin, world):
    stp = AgencyFactory(province=world.agency.province, code="STP")
    clerk = official(Role.DESK, stp, username="motcua_stp", first_name="Bình")
    official(Role.DESK, world.other_agency, username="ngoai_tinh")
    url = reverse("manage:officials")

    def names(**query):
        return {u.username for u in as_admin.get(url, query).context["page"]}

    everyone = names()
    assert "motcua_stp" in everyone and "ngoai_tinh" not in everyone
    assert names(agency="STP") == {"motcua_stp"}
    assert names(role="desk_officer") == {"motcua_stp", world.actors["desk"].username}
    assert names(q="Bình") == {clerk.username}


# --- catalog history --------------------------------------------------------------------------------
def test_a_procedure_page_shows_its_history_with_who_changed_it(as_admin, admin, world):
    procedure = world.procedure
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, tzinfo=VN), tick=False):
        procedure.fee = 25_000
        procedure.save(actor=admin)
    page = as_admin.get(reverse("manage:procedure", args=[procedure.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="version"') == 2  # since the epoch, then the new fee
    assert "01/03/2025 09:00" in html and "25.000 ₫" in html
    assert (admin.get_full_name() or admin.username) in html
    listing = as_admin.get(reverse("manage:procedures")).content.decode()
    assert reverse("manage:procedure", args=[procedure.pk]) in listing


def test_a_procedure_of_another_province_has_no_history_page(as_admin, world):
    elsewhere = ProcedureFactory(agency=world.other_agency)
    assert as_admin.get(reverse("manage:procedure", args=[elsewhere.pk])).status_code == 404


def test_a_change_in_the_django_admin_is_a_version_made_by_the_superuser(client, world):
    root = User.objects.create(username="root_history", is_superuser=True, is_staff=True)
    client.force_login(root)
    procedure = world.procedure
    procedure.required_documents.all().delete()
    data = {
        "province": procedure.province_id, "national_code": procedure.national_code, "name": procedure.name,
        "field": procedure.field, "agency": procedure.agency_id, "online_level": OnlineLevel.PARTIAL,
        "processing_days": 4, "fee": 0, "eligible_for_national_gateway": "on", "is_active": "on",
        "required_documents-TOTAL_FORMS": "0", "required_documents-INITIAL_FORMS": "0",
        "required_documents-MIN_NUM_FORMS": "0", "required_documents-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client.post(f"/admin/services/procedure/{procedure.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = procedure.versions.get(valid_to__isnull=True)
    assert (latest.online_level, latest.processing_days, latest.changed_by) == (OnlineLevel.PARTIAL, 4, root)
    assert procedure.versions.count() == 2
