"""Tổng đài 1022's records: the handling deadline in working days, early/on time/late at the answer, and
the sender's verdict after the answer, shown in the officials' queue."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hotline import services as hotline
from hotline.models import HotlineFeedback
from services.constants import FilingStatus as S
from services.constants import Timeliness
from services.exceptions import NotPermitted, StateConflict
from services.models import CalendarDay

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _item(world, at, **kw):
    return hotline.record_feedback(
        province=world.province, agency=world.agency, caller_name="Người gọi", subject="Hỏi", at=at, **kw
    )


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Friday: five working days skip the weekend, to the next Friday
        (dt.datetime(2024, 3, 8, 10, 0, tzinfo=VN), dt.date(2024, 3, 15)),
        # Monday 06:30 in Vietnam is still Sunday in UTC: the local day counts
        (dt.datetime(2024, 3, 11, 6, 30, tzinfo=VN), dt.date(2024, 3, 18)),
        # Tuesday before Hùng Kings' day (Thursday 18/04/2024): the holiday is skipped
        (dt.datetime(2024, 4, 16, 9, 0, tzinfo=VN), dt.date(2024, 4, 24)),
    ],
)
def test_the_due_date_counts_working_days_from_the_local_day_of_receipt(world, settings, received, due):
    settings.HOTLINE_HANDLING_DAYS = 5
    item = _item(world, received)
    assert item.due_date == due and item.in_remit is True


def test_a_day_off_the_province_adds_moves_the_due_date(world, settings):
    settings.HOTLINE_HANDLING_DAYS = 5
    CalendarDay.objects.create(
        date=dt.date(2024, 3, 13), is_working_day=False, reason="Nghỉ", province=world.province
    )
    assert _item(world, dt.datetime(2024, 3, 8, 10, 0, tzinfo=VN)).due_date == dt.date(2024, 3, 18)


@pytest.mark.parametrize(
    ("answered", "timeliness"),
    [
        (dt.datetime(2024, 3, 14, 23, 59, tzinfo=VN), Timeliness.EARLY),
        (dt.datetime(2024, 3, 15, 23, 59, 59, tzinfo=VN), Timeliness.ON_TIME),  # the deadline's last minute
        (dt.datetime(2024, 3, 16, 0, 0, tzinfo=VN), Timeliness.LATE),
    ],
)
def test_the_answer_is_early_on_time_or_late_against_the_due_date(world, settings, answered, timeliness):
    settings.HOTLINE_HANDLING_DAYS = 5
    item = _item(world, dt.datetime(2024, 3, 8, 10, 0, tzinfo=VN))
    answered_item = hotline.answer_feedback(item=item, actor=world.desk, answer="Đã hướng dẫn", at=answered)
    assert answered_item.timeliness == timeliness
    assert HotlineFeedback.objects.get(pk=item.pk).timeliness == timeliness


def test_the_sender_gives_a_verdict_once_after_the_answer(world):
    filing = world.filing(S.SUBMITTED)
    item = hotline.send_feedback(citizen=world.applicant, subject="Hồ sơ chậm", filing=filing)
    with pytest.raises(StateConflict) as early:
        hotline.give_verdict(item=item, citizen=world.applicant, verdict="satisfied")
    assert early.value.code == "not_answered"
    hotline.answer_feedback(item=item, actor=world.desk, answer="Đang xử lý")
    with pytest.raises(NotPermitted):
        hotline.give_verdict(item=item, citizen=world.people["other_citizen"], verdict="satisfied")
    given = hotline.give_verdict(item=item, citizen=world.applicant, verdict="dissatisfied")
    assert given.verdict == "dissatisfied" and given.verdict_at is not None
    with pytest.raises(StateConflict) as twice:
        hotline.give_verdict(item=item, citizen=world.applicant, verdict="satisfied")
    assert twice.value.code == "verdict_given"
    assert HotlineFeedback.objects.get(pk=item.pk).verdict == "dissatisfied"


def test_the_verdict_is_given_on_my_feedback_page_and_shown_in_the_queue(world):
    filing = world.filing(S.SUBMITTED)
    item = hotline.send_feedback(citizen=world.applicant, subject="Hồ sơ chậm", filing=filing)
    url = reverse("portal:feedback_verdict", args=[item.pk])
    mine = world.client("applicant")
    assert 'name="verdict"' not in mine.get(reverse("portal:my_feedback")).content.decode()  # not answered
    assert mine.post(url, {"verdict": "satisfied"}).status_code == 302
    assert HotlineFeedback.objects.get(pk=item.pk).verdict == ""
    hotline.answer_feedback(item=item, actor=world.desk, answer="Đang xử lý")
    assert 'name="verdict"' in mine.get(reverse("portal:my_feedback")).content.decode()
    assert world.client("other_citizen").post(url, {"verdict": "dissatisfied"}).status_code == 404
    assert world.client("desk").post(url, {"verdict": "dissatisfied"}).status_code == 403
    assert mine.post(url, {"verdict": "bad"}).status_code == 302
    assert HotlineFeedback.objects.get(pk=item.pk).verdict == ""
    assert mine.post(url, {"verdict": "satisfied"}).status_code == 302
    item = HotlineFeedback.objects.get(pk=item.pk)
    assert item.verdict == "satisfied"
    queue = world.client("desk").get(reverse("portal:feedback_queue")).content.decode()
    assert f'<dd class="verdict">{item.get_verdict_display()}</dd>' in queue
    assert item.due_date.strftime("%d/%m/%Y") in queue
