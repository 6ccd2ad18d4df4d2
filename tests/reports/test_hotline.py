"""Tổng đài 1022: a feedback item is answered once, and only the answer time counts."""

import pytest

from hotline import services as hotline
from services.exceptions import InvalidInput, StateConflict


def test_a_feedback_item_is_answered_once(world):
    item = hotline.record_feedback(province=world.province, caller_name="Lê C", subject="Hỏi tiến độ")
    officer = world.staff[world.district.pk]["desk"]
    answered = hotline.answer_feedback(item=item, actor=officer, answer="Đã trả lời")
    assert answered.answered_at >= answered.received_at and answered.answered_by == officer
    with pytest.raises(StateConflict):
        hotline.answer_feedback(item=item, actor=officer, answer="Lần nữa")


@pytest.mark.parametrize("caller, subject", [("", "Hỏi"), ("Lê C", "  ")])
def test_a_feedback_item_needs_a_caller_and_a_subject(world, caller, subject):
    with pytest.raises(InvalidInput):
        hotline.record_feedback(province=world.province, caller_name=caller, subject=subject)


def test_an_empty_answer_is_refused(world):
    item = hotline.record_feedback(province=world.province, caller_name="Lê C", subject="Hỏi")
    with pytest.raises(InvalidInput):
        hotline.answer_feedback(item=item, actor=world.staff[world.district.pk]["desk"], answer=" ")
