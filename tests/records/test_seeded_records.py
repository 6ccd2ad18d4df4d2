"""The seeded records of the 766 index (demo.seed_records) obey the same rules as the live ones."""

import pytest

from demo.seed import seed_province
from hotline import services as hotline
from hotline.models import HotlineFeedback
from services import rules
from services.constants import Channel, DocumentOrigin, OnlineLevel
from services.constants import FilingStatus as S
from services.models import Filing, FilingDocument, Province, SatisfactionRating
from services.roles import ensure_role_groups
from tests.reports.test_seed import TINY

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    ensure_role_groups()
    seed_province(TINY)
    return Province.objects.get(slug=TINY.slug)


def test_seeded_ratings_documents_results_and_acks_follow_the_rules(seeded):
    filings = Filing.objects.filter(agency__province=seeded)
    for rating in SatisfactionRating.objects.filter(filing__in=filings).select_related("filing"):
        assert rating.filing.status == S.RESULT_RETURNED and rating.rated_by_id == rating.filing.applicant_id
        assert rating.created_at > rating.filing.result_returned_at
    for filing in filings.select_related("procedure"):
        full_and_returned = (
            filing.status == S.RESULT_RETURNED and filing.procedure.online_level == OnlineLevel.FULL
        )
        assert filing.result_electronic == full_and_returned
        assert filing.sync_complete_at is not None and filing.sync_complete_at >= filing.submitted_at
        origins = set(filing.documents.values_list("origin", flat=True))
        if filing.channel == Channel.ONLINE:
            assert len(origins) == 1 and origins <= {DocumentOrigin.UPLOADED, DocumentOrigin.REUSED}
        else:
            assert origins <= {DocumentOrigin.SCANNED}
        assert (filing.digitised_at is not None) == bool(origins)
    scans = FilingDocument.objects.filter(filing__in=filings, origin=DocumentOrigin.SCANNED)
    assert not scans.filter(scanned_by__isnull=True).exists()


def test_seeded_hotline_items_have_their_deadline_timeliness_and_verdicts(seeded):
    items = HotlineFeedback.objects.filter(province=seeded)
    assert items.count() == TINY.hotline_received
    for item in items:
        assert item.due_date == hotline.handling_due_date(item.received_at, seeded.pk)
        if item.answered_at is None:
            assert not item.timeliness and not item.verdict
        else:
            assert item.timeliness == rules.timeliness(item.answered_at, item.due_date)
            assert not item.verdict or item.verdict_at > item.answered_at
