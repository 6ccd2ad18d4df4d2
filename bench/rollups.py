"""The reports from the daily rollups (portal/reports/rollups.py) against the raw computation, on the big province.

``part_rollups(rows, args, h)`` (``bench/run.py``'s ``rollups`` part; ``h`` carries run.py's helpers): folds every
closed day (``rollups.refresh()``, timed: the first fold of the whole history, then a second run with nothing new),
checks that ``compute_all`` from the rollups equals the raw one figure by figure (summary and the level and agency
splits), then times, interleaved: ``compute()`` from the rollups against raw, and ``/reports/`` for a superuser
with the rollups on against off.
"""

import contextlib
import time


def part_rollups(rows, args, h):
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from portal.reports import rollups
    from portal.reports.metrics import Period, Scope, compute, compute_all
    from services.models import User

    plan, province = h.big_province(args.filings)
    size = f"{args.filings:,} filings"
    scope, period = Scope.for_province(province), Period(plan.start, plan.end)
    rollups.reset()
    t0 = time.perf_counter()
    done = rollups.refresh()
    first_fold = time.perf_counter() - t0
    t0 = time.perf_counter()
    rollups.refresh()
    again = time.perf_counter() - t0
    print(f"  folded {done} in {first_fold:.1f} s; again {again * 1e3:.0f} ms")
    rows.append(h.Row("rollups: first fold of the whole history (`refresh()`), then a run with nothing new", size,
                      measured=f"{first_fold:,.1f} s ({done['cells']:,} cells)", baseline=f"{h.ms(again)} (again)"))  # fmt: skip

    def raw():
        with override_settings(REPORT_ROLLUPS=False):
            return compute_all(scope, period, ("level", "agency"))

    def rolled():
        with override_settings(REPORT_ROLLUPS=True):
            return compute_all(scope, period, ("level", "agency"))

    if raw() != rolled():
        raise SystemExit("the report from the rollups differs from the raw computation")

    def summary(flag):
        def run():
            with override_settings(REPORT_ROLLUPS=flag):
                compute(scope, period)

        return run

    a, b = h.interleaved([summary(True), summary(False)], args.repeat)
    ok = a <= 0.050
    rows.append(h.Row("report summary from the rollups (`compute()`, half-year, equal to the raw one)", size,
                      "≤ 50 ms", h.ms(a), f"{h.ms(b)} (raw)", f"{a / b:.3f}×", "yes" if ok else "**no**"))  # fmt: skip

    with contextlib.suppress(RuntimeError):  # another part of this run set it up already
        setup_test_environment()
    user = User.objects.filter(username="bench-staff").first() or User.objects.create_superuser(
        "bench-staff", "bench@example.invalid", None
    )
    client = Client()
    client.force_login(user)
    url = f"/reports/?province={province.slug}&from={plan.start}&to={plan.end}"

    def page(flag):
        def run():
            with override_settings(REPORT_ROLLUPS=flag):
                response = client.get(url)
            assert response.status_code == 200, response.status_code

        return run

    page(True)()
    a, b = h.interleaved([page(True), page(False)], args.repeat)
    rows.append(h.Row("`/reports/` dashboard from the rollups, every split and the trend", size, "≤ 300 ms",
                      h.ms(a), f"{h.ms(b)} (raw)", f"{a / b:.3f}×", "yes" if a <= 0.300 else "**no**"))  # fmt: skip
