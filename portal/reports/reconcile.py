"""Each printed figure beside the value recomputed from the records, with what is wrong in the print."""

from dataclasses import dataclass

from portal.reports.articles import FIGURES
from portal.reports.metrics import RATES, Period, Scope, compute, rate
from services import access
from services.models import Province


@dataclass
class Line:
    figure: object
    value: object  # the recomputed value (percent or count), None when the province is missing
    numerator: int | None
    denominator: int | None
    matches: bool
    notes: list


def _eligible_published(scope, period):
    eligible = scope.catalog(period).filter(eligible_for_national_gateway=True)
    published = eligible.filter(integrated=True).count()
    total = eligible.count()
    return rate(published, total), published, total


def reconcile_for(user):
    """The lines of the provinces ``user`` reads (:func:`services.access.report_provinces`); every line,
    those of provinces with no data too, for whoever reads every province."""
    if access.reads_every_province(user):
        return reconcile()
    return reconcile(access.report_provinces(user))


def reconcile(provinces=None):
    """One line per figure of DOMAIN.md's table (of ``provinces`` only, a queryset, when given)."""
    everywhere = provinces is None
    readable = Province.objects.filter(slug__in={f.slug for f in FIGURES})
    if not everywhere:
        readable = readable.filter(pk__in=provinces.values("pk"))
    provinces = {p.slug: p for p in readable}
    figures = [f for f in FIGURES if everywhere or f.slug in provinces]
    cache, lines = {}, []
    for f in figures:
        province = provinces.get(f.slug)
        if province is None:
            lines.append(
                Line(f, None, None, None, False, ["tỉnh chưa có dữ liệu / no data for the province"])
            )
            continue
        scope, period = Scope.for_province(province), Period(f.start, f.end)
        if f.key == "eligible_published":
            value, num, den = _eligible_published(scope, period)
        else:
            figures = cache.setdefault((f.slug, f.start, f.end), compute(scope, period))
            value = figures[f.key]
            fraction = figures["fractions"].get(f.key)
            num, den = (fraction["numerator"], fraction["denominator"]) if fraction else (None, None)
        lines.append(_check(f, value, num, den))
    return lines


def _check(f, value, num, den):
    notes = []
    is_rate = f.key in RATES or f.key == "eligible_published"
    if is_rate and value is not None:
        matches = round(value, f.printed_precision) == round(f.printed_value, f.printed_precision)
    else:
        matches = value == f.printed_value
    if is_rate and f.printed_numerator and f.printed_denominator:
        own = rate(f.printed_numerator, f.printed_denominator)
        if round(own, f.printed_precision) != round(f.printed_value, f.printed_precision):
            notes.append(
                f"số học của bài sai / the article's arithmetic is wrong: "
                f"{f.printed_numerator}/{f.printed_denominator} = {own:.2f}%, not {f.printed_value}%"
            )
    if f.denominator_omitted:
        notes.append(f"bài không nêu mẫu số / the article omits the denominator (recomputed: {den})")
    if num is not None and f.printed_numerator is not None and num != f.printed_numerator:
        notes.append(f"tử số khác / numerator differs: {num} vs {f.printed_numerator}")
    return Line(f, value, num, den, matches, notes)
