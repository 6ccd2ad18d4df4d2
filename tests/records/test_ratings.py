"""The applicant's satisfaction rating: after the return only, the applicant only, one per filing,
changeable until the end of the RATING_CHANGE_DAYS-th day (Asia/Ho_Chi_Minh) after the first rating."""

import datetime as dt

import pytest
from django.urls import reverse

from services import ratings
from services.constants import FilingStatus as S
from services.exceptions import NotPermitted, StateConflict
from services.models import OutboxEvent, SatisfactionRating

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _api(world, who):
    return world.client(who)


def test_the_applicant_rates_a_returned_filing_and_the_rating_is_queued_for_the_gateway(world):
    filing = world.filing(S.RESULT_RETURNED)
    answer = _api(world, "applicant").post(
        f"/api/v1/filings/{filing.code}/rating/",
        {"value": "neutral", "comment": "Chờ hơi lâu"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["value"] == "neutral"
    rating = SatisfactionRating.objects.get(filing=filing)
    assert (rating.value, rating.comment, rating.rated_by) == ("neutral", "Chờ hơi lâu", world.applicant)
    event = OutboxEvent.objects.get(topic="filing.rating")
    assert event.key == f"filing:{filing.code}"
    assert event.payload["rating"] == "neutral" and event.payload["changed"] is False
    detail = _api(world, "applicant").get(f"/api/v1/filings/{filing.code}/").json()
    assert detail["rating"]["value"] == "neutral" and detail["available_actions"]["rate"] is True


def test_a_filing_is_not_rated_before_its_result_is_returned(world):
    filing = world.filing(S.APPROVED)
    answer = _api(world, "applicant").post(
        f"/api/v1/filings/{filing.code}/rating/", {"value": "satisfied"}, content_type="application/json"
    )
    assert answer.status_code == 409 and answer.json()["code"] == "not_returned"
    assert not SatisfactionRating.objects.exists() and not OutboxEvent.objects.filter(topic="filing.rating")


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("other_citizen", 404),  # cannot see the filing
        ("other_admin", 404),
        ("desk", 403),  # sees it, may not rate for the applicant
        ("specialist", 403),
        ("leader", 403),
        ("admin", 403),
    ],
)
def test_only_the_applicant_rates(world, who, code):
    filing = world.filing(S.RESULT_RETURNED)
    answer = _api(world, who).post(
        f"/api/v1/filings/{filing.code}/rating/", {"value": "satisfied"}, content_type="application/json"
    )
    assert answer.status_code == code
    assert not SatisfactionRating.objects.exists()


def test_one_rating_per_filing_post_twice_is_refused_and_put_changes_it(world):
    filing = world.filing(S.RESULT_RETURNED)
    client = _api(world, "applicant")
    url = f"/api/v1/filings/{filing.code}/rating/"
    put_first = client.put(url, {"value": "satisfied"}, content_type="application/json")
    assert put_first.status_code == 409 and put_first.json()["code"] == "not_rated"
    assert client.post(url, {"value": "dissatisfied"}, content_type="application/json").status_code == 201
    again = client.post(url, {"value": "satisfied"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_rated"
    changed = client.put(
        url, {"value": "satisfied", "comment": "Đã giải thích"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["value"] == "satisfied"
    assert SatisfactionRating.objects.get(filing=filing).value == "satisfied"
    assert list(
        OutboxEvent.objects.filter(topic="filing.rating")
        .order_by("id")
        .values_list("payload__rating", flat=True)
    ) == ["dissatisfied", "satisfied"]
    bad = client.put(url, {"value": "tuyet-voi"}, content_type="application/json")
    assert bad.status_code == 400


def test_the_change_window_ends_with_the_last_local_day(world, settings):
    """First rated 02/03/2024 01:00 in Vietnam (01/03 18:00 UTC): changeable to 09/03 23:59:59 local, i.e.
    09/03 16:59:59 UTC; a UTC reading of the dates would have closed it at 08/03 23:59:59 UTC."""
    settings.RATING_CHANGE_DAYS = 7
    filing = world.filing(S.RESULT_RETURNED)
    first = dt.datetime(2024, 3, 1, 18, 0, tzinfo=UTC)
    ratings.rate_filing(filing=filing, actor=world.applicant, value="neutral", now=first)
    last_second = dt.datetime(2024, 3, 9, 16, 59, 59, tzinfo=UTC)
    changed = ratings.rate_filing(filing=filing, actor=world.applicant, value="satisfied", now=last_second)
    assert changed.value == "satisfied" and changed.created_at == first and changed.updated_at == last_second
    with pytest.raises(StateConflict) as refused:
        ratings.rate_filing(
            filing=filing,
            actor=world.applicant,
            value="dissatisfied",
            now=last_second + dt.timedelta(seconds=1),
        )
    assert refused.value.code == "rating_closed"
    assert SatisfactionRating.objects.get(filing=filing).value == "satisfied"


def test_the_window_follows_the_setting(world, settings):
    settings.RATING_CHANGE_DAYS = 0
    filing = world.filing(S.RESULT_RETURNED)
    first = dt.datetime(2024, 3, 1, 2, 0, tzinfo=UTC)  # 09:00 local
    ratings.rate_filing(filing=filing, actor=world.applicant, value="neutral", now=first)
    ratings.rate_filing(
        filing=filing,
        actor=world.applicant,
        value="satisfied",
        now=dt.datetime(2024, 3, 1, 16, 59, tzinfo=UTC),
    )
    with pytest.raises(StateConflict):
        ratings.rate_filing(
            filing=filing,
            actor=world.applicant,
            value="neutral",
            now=dt.datetime(2024, 3, 1, 17, 0, tzinfo=UTC),
        )


def test_the_service_refuses_an_official_even_without_the_page(world):
    filing = world.filing(S.RESULT_RETURNED)
    with pytest.raises(NotPermitted):
        ratings.rate_filing(filing=filing, actor=world.desk, value="satisfied")


def test_the_filing_page_offers_the_form_to_the_applicant_only_and_takes_the_rating(world):
    filing = world.filing(S.RESULT_RETURNED)
    url = reverse("portal:filing", args=[filing.code])
    assert 'id="rate-filing"' not in world.client("desk").get(url).content.decode()
    client = world.client("applicant")
    assert 'id="rate-filing"' in client.get(url).content.decode()
    answer = client.post(
        reverse("portal:rate_filing", args=[filing.code]),
        {"value": "satisfied", "comment": "Nhanh"},
        follow=True,
    )
    page = answer.content.decode()
    assert 'id="rating-current"' in page and "Nhanh" in page
    assert SatisfactionRating.objects.get(filing=filing).value == "satisfied"
    refused = world.client("desk").post(
        reverse("portal:rate_filing", args=[filing.code]), {"value": "neutral"}
    )
    assert refused.status_code == 302 and SatisfactionRating.objects.get(filing=filing).value == "satisfied"


def test_the_page_does_not_offer_the_form_before_the_return(world):
    filing = world.filing(S.APPROVED)
    page = world.client("applicant").get(reverse("portal:filing", args=[filing.code])).content.decode()
    assert 'id="rate-filing"' not in page
