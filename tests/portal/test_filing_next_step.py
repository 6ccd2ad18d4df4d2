"""The filing page tells the next step: stepper, the supplement notice, buttons by kind, warning steps
confirmed, current documents marked, per-field errors naming the missing document, the timeline's actions."""

import re

import pytest
from django.urls import reverse

from services import services
from services.constants import FilingStatus as S
from services.steps import STEPS, Kind
from tests.builders import new_draft
from tests.factories import pdf

pytestmark = pytest.mark.django_db


def _page(client, filing):
    return client.get(reverse("portal:filing", args=[filing.code])).content.decode()


def _segments(html):
    return re.findall(r'data-state="(\w+)"', html)


@pytest.mark.parametrize(
    ("state", "segments"),
    [
        (S.SUBMITTED, ["current", "todo", "todo", "todo", "todo"]),
        (S.RECEIVED, ["complete", "current", "todo", "todo", "todo"]),
        (S.AWAITING_APPROVAL, ["complete", "complete", "current", "todo", "todo"]),
        (S.APPROVED, ["complete", "complete", "complete", "current", "todo"]),
        (S.REJECTED, ["complete", "complete", "current", "todo", "todo"]),  # stopped where it was decided
    ],
)
def test_the_stepper_marks_the_stage_the_filing_is_at(as_user, world, state, segments):
    filing = world.filing(state)
    html = _page(as_user(world.applicant), filing)
    assert _segments(html) == segments
    assert ('id="closed-note"' in html) == (state == S.REJECTED)


def test_a_supplement_request_is_announced_at_the_top_with_the_agencys_words_and_the_button(as_user, world):
    filing = world.filing(S.SUBMITTED)
    services.TRANSITIONS["request_supplement"](
        filing=filing, actor=world.actors["desk"], reason="Ảnh chân dung bị mờ"
    )
    html = _page(as_user(world.applicant), filing)
    notice = html.index('id="supplement-notice"')
    assert notice < html.index('id="stepper"') < html.index('id="timeline"')
    assert "Ảnh chân dung bị mờ" in html[notice : html.index('id="stepper"')]
    assert html.index('id="edit-filing"') < html.index('id="stepper"')  # the button is in the notice
    # withdrawing is there, folded behind a red button, never beside the notice's primary button
    assert 'id="step-withdraw"' in html and html.index('id="step-withdraw"') > html.index('id="stepper"')
    assert re.search(
        r'<details class="step step--warning"[^>]*>\s*<summary class="usa-button usa-button--secondary">',
        html,
    )


def test_each_step_has_a_kind_and_refusing_ones_are_warnings():
    assert {n for n, s in STEPS.items() if s.kind == Kind.WARNING} == {"refuse", "reject", "withdraw"}
    assert STEPS["receive"].kind == Kind.PRIMARY and STEPS["request_supplement"].kind == Kind.SECONDARY
    assert all(s.done for s in STEPS.values())  # every step names its action for the timeline


def test_the_desks_buttons_show_the_next_step_primary_and_the_refusal_as_a_warning(as_user, world):
    filing = world.filing(S.SUBMITTED)
    html = _page(as_user(world.actors["desk"]), filing)
    assert re.search(r'id="step-receive">.*?<button type="submit" class="usa-button">', html, re.S)
    assert re.search(r'id="step-request_supplement">.*?class="usa-button usa-button--outline"', html, re.S)
    refuse = html[html.index('id="step-refuse"') :]
    assert 'name="confirm" type="checkbox" value="1" required' in refuse[: refuse.index("</form>")]


@pytest.mark.parametrize(("who", "step", "state"), [("applicant", "withdraw", S.RECEIVED),
                                                    ("desk", "refuse", S.SUBMITTED)])  # fmt: skip
def test_a_warning_step_posted_without_its_confirmation_is_refused_and_changes_nothing(
    as_user, world, who, step, state
):
    filing = world.filing(state)
    client = as_user(world.actors[who])
    url = reverse("portal:act", args=[filing.code, step])
    events = filing.events.count()
    answer = client.post(url, {"reason": "Nộp nhầm thủ tục"})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert 'id="refusal"' in html and "xác nhận" in html
    assert "Nộp nhầm thủ tục</textarea>" in html  # the reason is kept, the form open again
    filing.refresh_from_db()
    assert filing.status == state and filing.events.count() == events
    answer = client.post(url, {"reason": "Nộp nhầm thủ tục", "confirm": "1"})
    assert answer.status_code == 302
    filing.refresh_from_db()
    assert filing.status == (S.WITHDRAWN if step == "withdraw" else S.REFUSED)


def test_a_confirmed_refusal_still_needs_its_reason(as_user, world):
    filing = world.filing(S.SUBMITTED)
    answer = as_user(world.actors["desk"]).post(
        reverse("portal:act", args=[filing.code, "refuse"]), {"reason": " ", "confirm": "1"}, follow=True
    )
    assert "lý do từ chối" in answer.content.decode().lower()
    filing.refresh_from_db()
    assert filing.status == S.SUBMITTED


def test_the_timeline_names_each_action_not_only_the_new_status(as_user, world):
    filing = world.filing(S.SUBMITTED)
    services.TRANSITIONS["request_supplement"](
        filing=filing, actor=world.actors["desk"], reason="Thiếu tờ khai"
    )
    services.TRANSITIONS["resubmit"](filing=filing, actor=world.applicant)
    html = _page(as_user(world.applicant), filing)
    timeline = html[html.index('id="timeline"') :]
    for line in ("Công dân nộp hồ sơ", "Cán bộ yêu cầu bổ sung hồ sơ", "Công dân bổ sung hồ sơ"):
        assert f'<strong class="action">{line}' in timeline


def test_the_current_document_of_each_type_is_marked_and_the_replaced_ones_folded(as_user, world):
    filing = world.filing(S.SUBMITTED)
    services.TRANSITIONS["request_supplement"](
        filing=filing, actor=world.actors["desk"], reason="Tờ khai sai"
    )
    form = world.procedure.required_documents.get(mandatory=True)
    services.attach_document(filing=filing, actor=world.applicant, uploaded_file=pdf("to-khai-moi.pdf"),
                             required_document=form)  # fmt: skip
    html = _page(as_user(world.applicant), filing)
    docs = html[html.index('id="documents"') : html.index('id="timeline"')]
    current, folded = docs.index("to-khai-moi.pdf"), docs.index('<details class="superseded">')
    assert current < docs.index("bản hiện hành") < folded < docs.index("giay-to.pdf", folded)
    edit = as_user(world.applicant).get(reverse("portal:edit_filing", args=[filing.code])).content.decode()
    assert (
        edit.index("to-khai-moi.pdf") < edit.index('<details class="superseded">') < edit.index("giay-to.pdf")
    )


def test_a_submission_without_a_mandatory_document_names_it_on_its_field(as_user, world):
    filing = new_draft(world.procedure, world.applicant, attach=False)
    form = world.procedure.required_documents.get(mandatory=True)
    optional = world.procedure.required_documents.get(mandatory=False)
    answer = as_user(world.applicant).post(
        reverse("portal:edit_filing", args=[filing.code]), {"intent": "submit"}
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    field = html[html.index(f'id="doc-{form.pk}"') : html.index(f'id="doc-{optional.pk}"')]
    assert f'id="error_{form.pk}"' in field and f"“{form.name}”" in field
    assert 'aria-invalid="true"' in field and f'id="error_{optional.pk}"' not in html
    filing.refresh_from_db()
    assert filing.status == S.DRAFT


def test_a_supplement_that_drops_nothing_mandatory_is_accepted_from_the_same_form(as_user, world):
    filing = world.filing(S.SUBMITTED)
    services.TRANSITIONS["request_supplement"](
        filing=filing, actor=world.actors["desk"], reason="Bổ sung ảnh"
    )
    answer = as_user(world.applicant).post(
        reverse("portal:edit_filing", args=[filing.code]), {"intent": "submit"}
    )
    assert answer.status_code == 302
    filing.refresh_from_db()
    assert filing.status == S.SUBMITTED
