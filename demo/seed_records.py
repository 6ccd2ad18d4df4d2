"""The records of the 766 index for the article data sets: SYNTHETIC, drawn with plausible distributions.

The articles give none of these figures; they are drawn here so that every province has an index to
compute, from its own random stream (``<slug>:records``, ``<slug>:hotline-records``), which leaves the
streams of the filings and the hotline (and so every article figure) as they were. The shares:

* **Documents** (one row per filing, the filing's application form): an online filing's is uploaded by
  the citizen when filing (75 %) or reused from their personal repository (25 %); a walk-in's is scanned by
  the desk at intake (80 %), else it stays on paper (no row, the filing not digitised). ``digitised_at``
  is when the document came. The files are not stored (``seed/…`` names): the document's page says so.
* **Electronic result**: every full-process filing whose result was returned (as ``issue_result`` signs).
* **Ratings**: 55 % of the online filings whose result was returned are rated, 1 to 72 hours after the
  return: satisfied 86 %, neutral 10 %, dissatisfied 4 %.
* **Gateway acks**: every seeded filing's status events are deemed acknowledged (the history carries no
  outbox rows); the ack came after its last status change by 1–120 s (90 %), 2–60 min (9 %) or 1–3 days
  (1 %): ``sync_complete_at`` and ``sync_lag_seconds``.
* **Hotline**: each item's due date is ``HOTLINE_HANDLING_DAYS`` working days after its receipt, its
  timeliness follows its answer time; 3 % are outside the province's remit; 60 % of the answered items get
  the caller's verdict, 1 to 48 hours after the answer, dissatisfied 7 %.
"""

import datetime as dt
import hashlib

from django.conf import settings

from services import rules
from services.constants import Channel, DocumentOrigin, OnlineLevel, Rating
from services.constants import FilingStatus as S
from services.models import FilingDocument, SatisfactionRating

RATING_WEIGHTS = ((Rating.SATISFIED, 0.86), (Rating.NEUTRAL, 0.10), (Rating.DISSATISFIED, 0.04))


class FilingRecords:
    """Draws one filing's records; fills the filing's row and returns its document rows."""

    def __init__(self, rng):
        self.rng = rng

    def _lag(self):
        roll = self.rng.random()
        if roll < 0.90:
            return self.rng.randint(1, 120)
        if roll < 0.99:
            return self.rng.randint(120, 3600)
        return self.rng.randint(86_400, 3 * 86_400)

    def _rating_value(self):
        roll, total = self.rng.random(), 0.0
        for value, weight in RATING_WEIGHTS:
            total += weight
            if roll < total:
                return value
        return Rating.SATISFIED

    def for_filing(self, filing, t, actors, ids, ratings):
        rng = self.rng
        last_change = max(when for _a, _f, _to, when, _who, _r in t.events)
        lag = self._lag()
        filing["sync_lag_seconds"] = lag
        filing["sync_complete_at"] = last_change + dt.timedelta(seconds=lag)
        returned = filing.get("status") == S.RESULT_RETURNED
        filing["result_electronic"] = returned and t.procedure.online_level == OnlineLevel.FULL
        submitted = filing["submitted_at"]
        documents = []
        roll = rng.random()
        if t.channel == Channel.ONLINE:
            origin = DocumentOrigin.REUSED if roll < 0.25 else DocumentOrigin.UPLOADED
        else:
            origin = DocumentOrigin.SCANNED if roll < 0.80 else None
        if origin is not None:
            filing["digitised_at"] = submitted
            scanned = origin == DocumentOrigin.SCANNED
            documents.append(
                {
                    "id": next(ids[FilingDocument]),
                    "filing_id": filing["id"],
                    "required_document_id": None,
                    "file": f"seed/{filing['code']}.pdf",
                    "original_name": "don-de-nghi.pdf",
                    "content_type": "application/pdf",
                    "size": 48_000 + filing["id"] % 50_000,
                    "sha256": hashlib.sha256(filing["code"].encode()).hexdigest(),
                    "uploaded_by_id": actors["applicant"],
                    "uploaded_at": submitted,
                    "origin": origin,
                    "scanned_by_id": actors["desk"] if scanned else None,
                    "scanned_at": submitted if scanned else None,
                }
            )
        if returned and filing["applicant_id"] and rng.random() < 0.55:
            rated = filing["result_returned_at"] + dt.timedelta(minutes=rng.randint(60, 72 * 60))
            ratings.append(
                {
                    "id": next(ids[SatisfactionRating]),
                    "filing_id": filing["id"],
                    "value": self._rating_value(),
                    "comment": "",
                    "rated_by_id": filing["applicant_id"],
                    "created_at": rated,
                    "updated_at": rated,
                }
            )
        return documents


class HotlineRecords:
    """Draws one hotline item's deadline, remit and verdict (its timeliness follows from its answer)."""

    def __init__(self, rng, calendar):
        self.rng = rng
        self.cal = calendar

    def for_item(self, received, answered):
        rng = self.rng
        due = self.cal.add_working_days(received.date(), settings.HOTLINE_HANDLING_DAYS)
        fields = {"due_date": due, "in_remit": rng.random() >= 0.03}
        if answered is not None:
            fields["timeliness"] = rules.timeliness(answered, due)
            if rng.random() < 0.60:
                fields["verdict"] = "dissatisfied" if rng.random() < 0.07 else "satisfied"
                fields["verdict_at"] = answered + dt.timedelta(minutes=rng.randint(60, 48 * 60))
        return fields
