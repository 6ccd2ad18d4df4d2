"""The officials' queue API in keyset pages: p95 of the first and of the middle page with 1,000,000 filings in
the agency against 10,000 (goal: ≤ 1.5×), and the OFFSET page it replaced, for contrast.

The two agencies' filings are written by the database itself (``INSERT … SELECT generate_series``), spread
over every state and two years of due dates, built once and reused by later runs (agency codes
``BQ-<n>``). Requests go through Django's test client to ``/api/v1/queue/`` as the agency's specialist
(session, the whole stack: middleware, permissions, filters, pager, serializer).
"""

import contextlib
import statistics
import time

from django.db import connection


def _agency(n, bar_cls):
    """The agency with ``n`` filings and its specialist, made once."""
    from services.constants import FilingStatus, Role
    from services.models import Agency, Filing, User
    from tests.factories import AgencyFactory, ProcedureFactory, official

    code = f"BQ-{n}"
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        agency = AgencyFactory(code=code)
        ProcedureFactory(agency=agency)
        official(Role.SPECIALIST, agency, username=f"bench-queue-{n}")
    done = Filing.objects.filter(agency=agency).count()  # a run stopped halfway resumes (chunks in order)
    if done < n:
        procedure = agency.procedures.first()
        states = [s.value for s in FilingStatus]
        chunk = 100_000
        bar = bar_cls(f"queue agency {code} filings", n)
        with connection.cursor() as cursor:
            while done < n:
                upto = min(n, done + chunk)
                cursor.execute(
                    """
                    INSERT INTO services_filing (code, procedure_id, agency_id, channel, applicant_name,
                        applicant_personal_id, applicant_phone, applicant_email, applicant_address, status,
                        created_at, submitted_at, received_at, receipt_number, due_date, proposal, timeliness,
                        fee)
                    SELECT %s || '-' || k, %s, %s, 'online', 'Người nộp ' || k, '086090000001', '', '', '',
                        (%s::text[])[1 + k %% %s], now() - (k %% 700) * interval '1 hour',
                        now() - (k %% 700) * interval '1 hour', now(), '',
                        CASE WHEN k %% 50 = 0 THEN NULL ELSE current_date + (k::bigint * 7919 %% 730)::int - 365 END,
                        '', '', 0
                    FROM generate_series(%s, %s) AS k
                    """,
                    [code, procedure.pk, agency.pk, states, len(states), done + 1, upto],
                )
                done = upto
                bar(done)
            cursor.execute("ANALYZE services_filing")
    assert Filing.objects.filter(agency=agency).count() == n
    return agency, User.objects.get(username=f"bench-queue-{n}")


def _p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def part(rows, args, row_cls, bar_cls):
    """Rows for bench/results.md: p95 at the large agency against the small one, first and middle page."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from services import selectors
    from services.paging import FORWARD

    if connection.vendor != "postgresql":
        rows.append(row_cls("queue API keyset pages", "", "", "skipped: PostgreSQL only"))
        return
    with contextlib.suppress(RuntimeError):  # another part of this run set it up already
        setup_test_environment()
    small, large = (1_000, 50_000) if args.quick else (10_000, 1_000_000)
    samples = 10 if args.quick else 40
    urls, clients, offsets = {}, {}, {}
    for n in (small, large):
        _unused, user = _agency(n, bar_cls)
        client = Client()
        client.force_login(user)
        queue = selectors.official_queue(user)
        in_queue = queue.count()
        middle = queue[in_queue // 2]  # untimed: the row the middle page continues from
        cursor = selectors.queue_pager(50).encode(middle, FORWARD)
        urls[n] = {"first": "/api/v1/queue/", "middle": f"/api/v1/queue/?cursor={cursor}"}
        clients[n] = client
        offsets[n] = (in_queue // 2 // 50) * 50
    timings = {(n, page): [] for n in (small, large) for page in ("first", "middle")}
    for n, page in timings:  # warm: the first request loads the URL conf, templates, the plan cache
        clients[n].get(urls[n][page])
    bar = bar_cls("queue API pages", samples)
    for i in range(samples):  # interleaved: the same noise for every page and size
        for (n, page), own in timings.items():
            t0 = time.perf_counter()
            response = clients[n].get(urls[n][page])
            own.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
            assert len(response.json()["results"]) == 50
        bar(i + 1)
    for page in ("first", "middle"):
        a, b = _p95(timings[(large, page)]), _p95(timings[(small, page)])
        ratio = a / b
        rows.append(row_cls(f"queue API, {page} page of 50, p95 (keyset, count capped at {selectors.QUEUE_COUNT_CAP})",
                            f"{large:,} vs {small:,} filings in the agency", "≤ 1.5× p95 at the small agency",
                            f"{a * 1e3:,.1f} ms", f"{b * 1e3:,.1f} ms", f"{ratio:.2f}×",
                            "yes" if ratio <= 1.5 else "**no**"))  # fmt: skip
    # For contrast: the page the OFFSET paginator served at the middle of the large queue (and its count).
    _unused, user = _agency(large, bar_cls)
    queue = selectors.official_queue(user)
    offset = offsets[large]
    t_offset = statistics.median(
        _time(lambda: (queue.count(), list(queue[offset : offset + 50]))) for _ in range(3)
    )
    keyset = statistics.median(timings[(large, "middle")])
    rows.append(row_cls(f"queue, middle page by OFFSET {offset:,} + full count (before)", f"{large:,} filings",
                        "", f"{t_offset * 1e3:,.1f} ms", f"{keyset * 1e3:,.1f} ms (keyset API page, median)",
                        f"{t_offset / keyset:.1f}×"))  # fmt: skip


def _time(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0
