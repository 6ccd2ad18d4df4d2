"""The records behind a figure: the same rule as the figure, as a queryset (for the drill-down pages)."""

from portal.reports import replica
from portal.reports.metrics import RATES, filing_conditions, hotline_conditions, procedure_conditions


def records(scope, period, key, *, complement=False):
    """The rows a count (or a rate's numerator) is made of; ``complement``: the denominator's rows outside it
    (e.g. the fee filings *not* paid online behind the online payment rate). None for an unknown key."""
    if key in RATES:
        numerator, denominator = RATES[key]
    else:
        numerator, denominator = key, None
    for conditions, queryset in (
        (procedure_conditions(period), scope.catalog(period).select_related("procedure", "agency")),
        (filing_conditions(period), scope.filings().select_related("procedure", "agency")),
        (hotline_conditions(period), scope.hotline().select_related("agency")),
    ):
        # bound now to the replica when this is a report read: a streamed export is read after the view returns
        queryset = queryset.using(replica.alias())
        if numerator in conditions:
            if complement and denominator:
                return queryset.filter(conditions[denominator]).exclude(conditions[numerator])
            return queryset.filter(conditions[numerator])
    return None
