"""The desk's intake of a walk-in (tiếp nhận hồ sơ trực tiếp): the filing and the desk's scans together.

The desk enters the applicant and scans the paper documents it is handed; each scan is recorded with
origin ``scanned``, who scanned it and when (``services.rules.upload_origin``). All of it is one
transaction: a refused scan leaves no filing behind.
"""

from django.db import transaction

from services import services
from services.constants import Channel


def intake_walk_in(*, procedure, actor, scans=(), **applicant):
    """Open a walk-in filing at the counter and attach the desk's scans, ``scans`` being
    ``(required_document, uploaded_file)`` pairs; the documents not scanned yet are asked on the filing
    form before it is submitted (``rules.mandatory_documents_attached``)."""
    with transaction.atomic():
        filing = services.create_filing(
            procedure=procedure, actor=actor, channel=Channel.COUNTER, **applicant
        )
        for required, uploaded in scans:
            services.attach_document(
                filing=filing, actor=actor, uploaded_file=uploaded, required_document=required
            )
    return filing
