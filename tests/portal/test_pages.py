"""Every page answers each role as the rules say (Django test client, real services)."""

import pytest
from django.urls import reverse

from payments.models import Payment
from portal.models import PersonalDocument
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import Filing
from services.steps import STEPS
from tests.factories import ProcedureFactory, citizen, official, pdf

pytestmark = pytest.mark.django_db


def test_login_page_signs_in_with_username_and_password_and_lands_by_role(client, world):
    desk = world.actors["desk"]
    desk.set_password("s3cret-pass-word")
    desk.save()
    page = client.get(reverse("portal:login"))
    assert page.status_code == 200 and b"VNeID" in page.content
    answer = client.post(reverse("portal:login"), {"username": desk.username, "password": "s3cret-pass-word"})
    assert answer.status_code == 302
    assert client.get(answer["Location"])["Location"] == reverse("portal:queue")


def test_wrong_password_is_refused_on_the_login_page(client, world):
    answer = client.post(reverse("portal:login"), {"username": world.applicant.username, "password": "x"})
    assert answer.status_code == 200 and "_auth_user_id" not in client.session


def test_logout_ends_the_session(as_user, world):
    client = as_user(world.applicant)
    client.post(reverse("portal:logout"))
    assert "_auth_user_id" not in client.session


def test_pages_that_need_a_user_send_anonymous_people_to_the_portal_login(client, world):
    answer = client.get(reverse("portal:my_filings"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("portal:login"))


@pytest.mark.parametrize("q", ["dang ky ho kinh doanh", "Đăng ký hộ kinh doanh", "ĐĂNG KÝ", "hộ KINH"])
def test_catalog_search_finds_a_procedure_with_or_without_diacritics(client, world, q):
    ProcedureFactory(agency=world.agency, name="Cấp bản sao trích lục hộ tịch", field="Hộ tịch")
    page = client.get(reverse("portal:home"), {"q": q})
    assert "Đăng ký thành lập hộ kinh doanh" in page.content.decode()
    assert "Cấp bản sao trích lục" not in page.content.decode()


def test_catalog_filters_by_field_agency_and_level(client, world):
    other = ProcedureFactory(agency=world.other_agency, name="Cấp phép xây dựng", field="Xây dựng")
    by_agency = client.get(reverse("portal:home"), {"agency": world.other_agency.code}).content.decode()
    assert other.name in by_agency and world.procedure.name not in by_agency
    by_field = client.get(reverse("portal:home"), {"field": "Xây dựng", "level": "full"}).content.decode()
    assert other.name in by_field and world.procedure.name not in by_field
    assert world.procedure.name not in client.get(reverse("portal:home"), {"level": "none"}).content.decode()


def test_procedure_page_shows_documents_fee_time_and_level(client, world):
    page = client.get(reverse("portal:procedure", args=[world.procedure.pk])).content.decode()
    assert "Tờ khai" in page and "100.000 ₫" in page
    assert "Toàn trình" in page


def test_citizen_files_with_one_new_and_one_reused_document_and_submits(as_user, world):
    client = as_user(world.applicant)
    answer = client.post(reverse("portal:start_filing", args=[world.procedure.pk]))
    filing = Filing.objects.get(applicant=world.applicant)
    assert answer["Location"] == reverse("portal:edit_filing", args=[filing.code])
    first, second = world.procedure.required_documents.all()
    # An earlier filing left a document in the repository.
    client.post(answer["Location"], {f"file_{first.pk}": pdf("to-khai.pdf"), "intent": "save"})
    kept = PersonalDocument.objects.get(owner=world.applicant)
    client.post(answer["Location"], {f"reuse_{second.pk}": kept.pk, "intent": "submit"})
    filing.refresh_from_db()
    assert filing.status == S.SUBMITTED
    docs = list(filing.documents.order_by("id"))
    assert [d.required_document_id for d in docs] == [first.pk, second.pk]
    assert docs[1].sha256 == kept.sha256 and docs[1].file.name != kept.file.name
    assert PersonalDocument.objects.filter(owner=world.applicant).count() == 1  # nothing stored twice


def test_citizen_cannot_reuse_another_citizens_document(as_user, world):
    other = citizen(2)
    client = as_user(other)
    client.post(reverse("portal:start_filing", args=[world.procedure.pk]))
    draft = Filing.objects.get(applicant=other)
    first = world.procedure.required_documents.first()
    client.post(
        reverse("portal:edit_filing", args=[draft.code]), {f"file_{first.pk}": pdf(), "intent": "save"}
    )
    theirs = PersonalDocument.objects.get(owner=other)
    client = as_user(world.applicant)
    client.post(reverse("portal:start_filing", args=[world.procedure.pk]))
    mine = Filing.objects.get(applicant=world.applicant)
    answer = client.post(reverse("portal:edit_filing", args=[mine.code]), {f"reuse_{first.pk}": theirs.pk})
    assert answer.status_code == 404 and not mine.documents.exists()


def test_submitting_without_mandatory_documents_shows_the_rule_and_keeps_the_draft(as_user, world):
    client = as_user(world.applicant)
    client.post(reverse("portal:start_filing", args=[world.procedure.pk]))
    filing = Filing.objects.get(applicant=world.applicant)
    answer = client.post(reverse("portal:edit_filing", args=[filing.code]), {"intent": "submit"}, follow=True)
    assert "giấy tờ bắt buộc" in answer.content.decode()
    filing.refresh_from_db()
    assert filing.status == S.DRAFT


def test_my_filings_lists_only_my_filings(as_user, world):
    mine = world.filing(S.SUBMITTED)
    other = citizen(3)
    client = as_user(other)
    assert mine.code not in client.get(reverse("portal:my_filings")).content.decode()
    assert client.get(reverse("portal:filing", args=[mine.code])).status_code == 404
    client = as_user(world.applicant)
    assert mine.code in client.get(reverse("portal:my_filings")).content.decode()


@pytest.mark.parametrize(
    ("state", "who", "steps"),
    [
        (S.SUBMITTED, "desk", {"receive", "request_supplement", "refuse"}),
        (S.SUBMITTED, "specialist", set()),
        (S.SUBMITTED, "applicant", {"withdraw"}),
        (S.RECEIVED, "specialist", {"start_review"}),
        (S.RECEIVED, "leader", set()),
        (S.IN_REVIEW, "specialist", {"propose", "request_supplement"}),
        (S.AWAITING_APPROVAL, "leader", {"approve", "reject", "send_back"}),
        (S.AWAITING_APPROVAL, "desk", set()),
        (S.APPROVED, "desk", set()),  # the fee is not settled yet: no return
    ],
)
def test_filing_page_offers_only_the_steps_the_role_may_take_now(as_user, world, state, who, steps):
    filing = world.filing(state)
    page = as_user(world.actors[who]).get(reverse("portal:filing", args=[filing.code])).content.decode()
    offered = {name for name in STEPS if f'id="step-{name}"' in page}
    assert offered == steps


def test_official_of_another_agency_cannot_see_the_filing(as_user, world):
    filing = world.filing(S.SUBMITTED)
    stranger = official(Role.DESK, world.other_agency)
    client = as_user(stranger)
    assert client.get(reverse("portal:filing", args=[filing.code])).status_code == 404
    assert client.post(reverse("portal:act", args=[filing.code, "receive"])).status_code == 404


def test_desk_asks_for_a_supplement_with_a_reason_and_the_citizen_sees_it(as_user, world):
    filing = world.filing(S.SUBMITTED)
    client = as_user(world.actors["desk"])
    url = reverse("portal:act", args=[filing.code, "request_supplement"])
    answer = client.post(url, {"reason": ""}, follow=True)
    assert "giấy tờ còn thiếu" in answer.content.decode().lower()
    client.post(url, {"reason": "Thiếu ảnh chân dung"})
    filing.refresh_from_db()
    assert filing.status == S.SUPPLEMENT_REQUESTED
    client = as_user(world.applicant)
    assert (
        "Thiếu ảnh chân dung"
        in client.get(reverse("portal:edit_filing", args=[filing.code])).content.decode()
    )
    client.post(reverse("portal:edit_filing", args=[filing.code]), {"intent": "submit"})
    filing.refresh_from_db()
    assert filing.status == S.SUBMITTED


def test_timeline_shows_every_step_with_its_reason(as_user, world):
    filing = world.filing(S.REJECTED)
    page = as_user(world.applicant).get(reverse("portal:filing", args=[filing.code])).content.decode()
    for label in ("Đã nộp", "Đã tiếp nhận", "Đang xử lý", "Chờ phê duyệt", "Từ chối giải quyết"):
        assert label in page
    assert "Không đủ điều kiện" in page


def test_receipt_slip_prints_the_receipt_number_and_due_date(as_user, world):
    filing = world.filing(S.RECEIVED)
    page = as_user(world.applicant).get(reverse("portal:receipt_slip", args=[filing.code])).content.decode()
    assert filing.receipt_number in page and filing.due_date.strftime("%d/%m/%Y") in page
    assert "portal/print.css" in page


def test_receipt_slip_is_not_there_before_receipt(as_user, world):
    filing = world.filing(S.SUBMITTED)
    assert as_user(world.applicant).get(reverse("portal:receipt_slip", args=[filing.code])).status_code == 404


def test_desk_records_a_counter_payment_of_a_partial_service_then_returns_the_result(as_user, world):
    world.procedure.online_level = "partial"
    world.procedure.save()
    filing = world.filing(S.APPROVED)
    desk = as_user(world.actors["desk"])
    page = desk.get(reverse("portal:filing", args=[filing.code])).content.decode()
    assert reverse("payments:counter", args=[filing.code]) in page
    desk.post(reverse("payments:counter", args=[filing.code]), {"receipt_number": "BL-1", "method": "cash"})
    assert Payment.objects.filter(filing=filing).exists()
    desk.post(reverse("portal:act", args=[filing.code, "return_result"]))
    filing.refresh_from_db()
    assert filing.status == S.RESULT_RETURNED
    # The result of a partial service is handed over at the desk, not downloaded.
    assert as_user(world.applicant).get(reverse("portal:result", args=[filing.code])).status_code == 404


def test_full_process_fee_is_not_taken_at_the_desk(as_user, world):
    filing = world.filing(S.APPROVED)
    page = as_user(world.actors["desk"]).get(reverse("portal:filing", args=[filing.code])).content.decode()
    assert reverse("payments:counter", args=[filing.code]) not in page
    assert 'id="step-return_result"' not in page


def test_result_is_not_downloadable_before_it_is_returned(as_user, world):
    filing = world.filing(S.APPROVED)
    assert as_user(world.applicant).get(reverse("portal:result", args=[filing.code])).status_code == 404


def test_citizen_sees_the_pay_link_for_a_submitted_fee_filing(as_user, world):
    filing = world.filing(S.SUBMITTED)
    page = as_user(world.applicant).get(reverse("portal:filing", args=[filing.code])).content.decode()
    assert reverse("payments:start", args=[filing.code]) in page


def test_citizen_withdraws_a_filing_that_is_not_finished(as_user, world):
    filing = world.filing(S.RECEIVED)
    as_user(world.applicant).post(
        reverse("portal:act", args=[filing.code, "withdraw"]), {"reason": "Nộp nhầm", "confirm": "1"}
    )
    filing.refresh_from_db()
    assert filing.status == S.WITHDRAWN


def test_queue_shows_the_roles_work_by_due_date_with_search(as_user, world):
    received = [world.filing(S.RECEIVED) for _ in range(2)]
    submitted = world.filing(S.SUBMITTED)
    client = as_user(world.actors["specialist"])
    page = client.get(reverse("portal:queue")).content.decode()
    assert all(f.code in page for f in received) and submitted.code not in page
    found = client.get(reverse("portal:queue"), {"q": received[0].code[:-2]}).content.decode()
    assert received[0].code in found
    assert client.get(reverse("portal:queue"), {"q": "nobody-xyz"}).content.decode().count("/filings/") == 0


def test_queue_marks_overdue_filings(as_user, world):
    filing = world.filing(S.RECEIVED)
    Filing.objects.filter(pk=filing.pk).update(due_date="2020-01-02")
    page = as_user(world.actors["desk"]).get(reverse("portal:queue")).content.decode()
    assert "row-overdue" not in page  # the desk does not work on received filings
    client = as_user(world.actors["specialist"])
    page = client.get(reverse("portal:queue")).content.decode()
    assert "row-overdue" in page and "Quá hạn" in page
    on_time = world.filing(S.RECEIVED)
    only_late = client.get(reverse("portal:queue"), {"overdue": "1"}).content.decode()
    assert filing.code in only_late and on_time.code not in only_late


def test_citizen_cannot_open_the_queue_or_the_intake(as_user, world):
    client = as_user(world.applicant)
    assert client.get(reverse("portal:queue")).status_code == 403
    assert client.get(reverse("portal:intake")).status_code == 403


def test_specialist_cannot_take_walk_ins(as_user, world):
    assert as_user(world.actors["specialist"]).get(reverse("portal:intake")).status_code == 403


def test_desk_enters_a_walk_in_attaches_documents_and_submits_it(as_user, world):
    client = as_user(world.actors["desk"])
    answer = client.post(
        reverse("portal:intake"),
        {
            "procedure": world.procedure.pk,
            "applicant_name": "Lê Văn Tư",
            "applicant_personal_id": "086090000777",
        },
    )
    filing = Filing.objects.get(applicant_personal_id="086090000777")
    assert filing.channel == "counter" and answer["Location"] == reverse(
        "portal:edit_filing", args=[filing.code]
    )
    first = world.procedure.required_documents.first()
    client.post(answer["Location"], {f"file_{first.pk}": pdf(), "intent": "submit"})
    filing.refresh_from_db()
    assert filing.status == S.SUBMITTED


def test_intake_refuses_a_wrong_personal_id(as_user, world):
    answer = as_user(world.actors["desk"]).post(
        reverse("portal:intake"),
        {"procedure": world.procedure.pk, "applicant_name": "X", "applicant_personal_id": "123"},
    )
    assert answer.status_code == 400 and not Filing.objects.exists()


def test_desk_issues_an_apology_slip_for_a_late_filing_and_it_prints(as_user, world):
    filing = world.filing(S.IN_REVIEW)
    Filing.objects.filter(pk=filing.pk).update(due_date="2020-01-02")
    client = as_user(world.actors["desk"])
    assert "new_due_date" in client.get(reverse("portal:filing", args=[filing.code])).content.decode()
    answer = client.post(
        reverse("portal:issue_apology", args=[filing.code]),
        {"new_due_date": "2099-01-05", "reason": "Chờ ý kiến liên ngành"},
        follow=True,
    )
    assert "05/01/2099" in answer.content.decode() and "Chờ ý kiến liên ngành" in answer.content.decode()


def test_specialist_is_not_offered_the_apology_slip(as_user, world):
    filing = world.filing(S.IN_REVIEW)
    Filing.objects.filter(pk=filing.pk).update(due_date="2020-01-02")
    page = (
        as_user(world.actors["specialist"]).get(reverse("portal:filing", args=[filing.code])).content.decode()
    )
    assert "new_due_date" not in page


def test_pages_switch_to_english(as_user, world):
    client = as_user(world.applicant)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("portal:home")).content.decode()
    assert 'lang="en"' in page


def test_citizen_posting_an_officials_step_is_refused_and_nothing_changes(as_user, world):
    filing = world.filing(S.SUBMITTED)
    answer = as_user(world.applicant).post(reverse("portal:act", args=[filing.code, "receive"]), follow=True)
    assert "Vai trò hoặc cơ quan của bạn không được thực hiện bước này" in answer.content.decode()
    filing.refresh_from_db()
    assert filing.status == S.SUBMITTED and not filing.events.filter(action="receive").exists()


def test_leader_cannot_approve_a_filing_of_another_agency(as_user, world):
    filing = world.filing(S.AWAITING_APPROVAL)
    stranger = official(Role.LEADER, world.other_agency)
    assert as_user(stranger).post(reverse("portal:act", args=[filing.code, "approve"])).status_code == 404
    filing.refresh_from_db()
    assert filing.status == S.AWAITING_APPROVAL


def test_a_saved_draft_is_listed_and_can_be_taken_up_again(as_user, world):
    client = as_user(world.applicant)
    client.post(reverse("portal:start_filing", args=[world.procedure.pk]))
    draft = Filing.objects.get(applicant=world.applicant)
    listing = client.get(reverse("portal:my_filings")).content.decode()
    assert draft.code in listing and "Bản nháp" in listing
    page = client.get(reverse("portal:filing", args=[draft.code])).content.decode()
    assert reverse("portal:edit_filing", args=[draft.code]) in page


def test_catalog_search_by_national_code(client, world):
    page = client.get(reverse("portal:home"), {"q": world.procedure.national_code}).content.decode()
    assert world.procedure.name in page


def test_signing_in_lands_each_role_on_its_own_page(client, world):
    admin = official(Role.ADMIN, world.agency)
    for user, page in (
        (admin, "manage:index"),
        (world.actors["desk"], "portal:queue"),
        (world.applicant, "portal:my_filings"),
    ):
        client.force_login(user)
        assert client.get(reverse("portal:start"))["Location"] == reverse(page), user


def test_queue_does_not_mark_overdue_an_approved_filing_decided_on_time_after_its_due_date_passed(
    as_user, world
):
    filing = world.filing(S.APPROVED)  # decided early: the approval came before the due date
    assert filing.timeliness == "early"
    Filing.objects.filter(pk=filing.pk).update(due_date="2020-01-02")  # the due date has passed since
    client = as_user(world.actors["desk"])
    page = client.get(reverse("portal:queue")).content.decode()
    assert filing.code in page
    assert "row-overdue" not in page and "row-soon" not in page
    assert filing.code not in client.get(reverse("portal:queue"), {"overdue": "1"}).content.decode()
