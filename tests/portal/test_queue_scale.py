"""The officials' queue with 100,000 filings in the agency (PostgreSQL, the real planner).

Speed itself is measured in bench/ (`make bench`), not asserted here: these tests check that the pages work
at that scale and that the planner reads the queue in index order instead of sorting the agency's filings.
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services import selectors
from services.constants import FilingStatus as S
from services.constants import Role
from services.models import Filing
from services.paging import FORWARD
from tests.factories import official

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
ROWS = 100_000


def _fill(world):
    """100,000 filings of the agency spread over every state, written by the database itself."""
    states = [s.value for s in S]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO services_filing (code, procedure_id, agency_id, channel, applicant_name,
                applicant_personal_id, applicant_phone, applicant_email, applicant_address, status,
                created_at, submitted_at, received_at, receipt_number, due_date, proposal, timeliness, fee)
            SELECT 'BENCH-' || n, %s, %s, 'online', 'Người nộp ' || n, '086090000001', '', '', '',
                (%s::text[])[1 + n %% %s], now(), now(), now(), '', current_date + (n %% 60) - 20, '', '', 0
            FROM generate_series(1, %s) AS n
            """,
            [world.procedure.pk, world.agency.pk, states, len(states), ROWS],
        )
        cursor.execute("ANALYZE services_filing")


def _timed(client, **params):
    started = time.perf_counter()
    page = client.get(reverse("portal:queue"), params)
    assert page.status_code == 200
    return time.perf_counter() - started, page


def test_queue_pages_stay_fast_with_100000_filings_in_the_agency(client, world):
    _fill(world)
    specialist = official(Role.SPECIALIST, world.agency)
    client.force_login(specialist)
    assert Filing.objects.filter(agency=world.agency).count() == ROWS
    client.get(reverse("portal:home"))  # templates and catalogs loaded once, not timed
    first, page = _timed(client)
    assert "row-overdue" in page.content.decode()
    assert "Hơn 1000 hồ sơ" in page.content.decode(), "the count stops at the cap"
    queue = selectors.official_queue(specialist)
    middle = queue[queue.count() // 2]
    cursor = selectors.queue_pager(25).encode(middle, FORWARD)
    deep, deep_page = _timed(client, cursor=cursor)
    assert deep_page.context["page"].object_list == list(queue[queue.count() // 2 + 1 :][:25])
    search, found = _timed(client, q="BENCH-4242")
    assert "BENCH-4242" in found.content.decode()
    print(f"queue first page {first:.3f}s, middle page {deep:.3f}s, search {search:.3f}s")


def test_queue_pages_read_the_agencys_filings_in_deadline_order_from_the_index(world):
    _fill(world)
    specialist = official(Role.SPECIALIST, world.agency)
    plan = selectors.official_queue(specialist)[:25].explain()
    assert "filing_agency_due_idx" in plan
    assert "Seq Scan on services_filing" not in plan
    assert "Sort" not in plan
    # and a page in the middle, by its cursor: the same index range, stopped after a page; a capped count
    queue = selectors.official_queue(specialist)
    pager = selectors.queue_pager(25)
    cursor = pager.decode(pager.encode(queue[queue.count() // 2], FORWARD), queue.model)
    with CaptureQueriesContext(connection) as queries:
        pager.page(queue, cursor)
    reads = [q["sql"] for q in queries.captured_queries if ") > (" in q["sql"]]
    assert reads, "the page is one row-value comparison"
    with connection.cursor() as c:
        c.execute("EXPLAIN " + reads[0])
        plan = "\n".join(row[0] for row in c.fetchall())
    assert "filing_agency_due_idx" in plan and "Sort" not in plan, plan
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 1001" in counts[0]
