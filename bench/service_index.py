"""The service index (``serviceindex.compute``) on the big province's half-year, against the report's summary on
the same scope and period, and its filing counts read in one grouped pass (``serviceindex/filing_pass.py``)
against the same counts as one aggregate of per-row ``EXISTS`` probes (the rules as querysets, how the index read
them before). Both readings are checked equal before they are timed.

``part_service_index(rows, args, h)`` (``bench/run.py``'s ``serviceindex`` part; ``h`` carries run.py's helpers).
"""


def part_service_index(rows, args, h):
    from django.db.models import Count

    from portal.reports.metrics import Period, Scope
    from portal.reports.metrics import compute as report
    from serviceindex import compute as index
    from serviceindex import filing_pass

    plan, province = h.big_province(args.filings)
    scope, period = Scope.for_province(province), Period(plan.start, plan.end)
    conditions = index.filing_conditions(period)

    def grouped():
        totals = dict.fromkeys(filing_pass.FILING_KEYS, 0)
        for _group, _procedure, (values,) in filing_pass.counts(scope, [period]):
            for key in totals:
                totals[key] += values[key]
        return totals

    def probed():
        return scope.filings().aggregate(**{key: Count("pk", filter=q) for key, q in conditions.items()})

    if grouped() != probed():
        raise SystemExit(f"the grouped pass and the per-row probes disagree: {grouped()} != {probed()}")
    size = f"{args.filings:,} filings"
    a, b = h.interleaved([lambda: index.compute(scope, period), lambda: report(scope, period)], args.repeat)
    rows.append(h.Row("service index (`serviceindex.compute`), one province, half-year", size, measured=h.ms(a),
                      baseline=f"{h.ms(b)} (report summary)", ratio=f"{a / b:.2f}×"))  # fmt: skip
    c, d = h.interleaved([grouped, probed], args.repeat)
    rows.append(h.Row("service index: its filing counts in one grouped pass, against per-row `EXISTS` (before)",
                      size, measured=h.ms(c), baseline=f"{h.ms(d)} (per-row probes)", ratio=f"{c / d:.2f}×"))  # fmt: skip
