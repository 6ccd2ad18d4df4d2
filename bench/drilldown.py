"""The records behind a figure (``/reports/figures/<key>/``, the drill-down) on the big province: the first page,
a page in the middle by its cursor (keyset, ``services.paging``), and the same middle page as the page was read
before (``Paginator``: a full COUNT, then OFFSET), timed interleaved over HTTP (Django's test client, a superuser).

``part_drilldown(rows, args, h)`` (``bench/run.py``'s ``drilldown`` part; ``h`` carries run.py's helpers).
"""

import contextlib


def part_drilldown(rows, args, h):
    from django.core.paginator import Paginator
    from django.test import Client
    from django.test.utils import setup_test_environment

    from portal.reports import selectors
    from portal.reports.metrics import Period, Scope
    from services.models import User
    from services.paging import FORWARD

    with contextlib.suppress(RuntimeError):  # another part of this run set it up already
        setup_test_environment()
    plan, province = h.big_province(args.filings)
    key = "electronic_filings"
    scope, period = Scope.for_province(province), Period(plan.start, plan.end)
    records = selectors.records(scope, period, key).order_by("pk")
    total = records.count()  # once, untimed: where the middle is
    size = selectors.RECORDS_PAGE_SIZE
    middle = records[total // 2]
    cursor = selectors.records_pager().encode(middle, FORWARD)
    user = User.objects.filter(username="bench-staff").first() or User.objects.create_superuser(
        "bench-staff", "bench@example.invalid", None
    )
    client = Client()
    client.force_login(user)
    url = f"/reports/figures/{key}/"
    params = {"province": province.slug, "from": str(plan.start), "to": str(plan.end)}
    expected = list(records.filter(pk__gt=middle.pk)[:size])

    def first():
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code

    def deep():
        response = client.get(url, {**params, "cursor": cursor})
        assert response.status_code == 200, response.status_code
        assert list(response.context["page"]) == expected, "the middle page is the rows after its cursor"

    def before():  # what the page read until now: COUNT(*) of the figure's rows, then LIMIT 50 OFFSET n
        page = Paginator(records, size).page(total // 2 // size + 1)
        assert page.paginator.count == total
        list(page)

    first()
    a, b, c = h.interleaved([first, deep, before], args.repeat)
    what = f"{total:,} records in the half-year, {args.filings:,} filings"
    rows.append(h.Row("drill-down (records behind a figure), first page of 50 (keyset, count capped at "
                      f"{selectors.RECORDS_COUNT_CAP:,})", what, measured=h.ms(a)))  # fmt: skip
    rows.append(
        h.goal_row("drill-down, a page in the middle by its cursor", what, 1.5, b, a, "the first page")
    )
    rows.append(h.Row("drill-down, the same middle page by COUNT + OFFSET (`Paginator`, before; the query only)",
                      what, measured=h.ms(c), baseline=f"{h.ms(a)} (first page)", ratio=f"{c / a:.2f}×"))  # fmt: skip
