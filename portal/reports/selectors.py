"""The records behind a figure: the same rule as the figure, as a queryset (for the drill-down pages)."""

from portal.reports import replica
from portal.reports.metrics import RATES, filing_conditions, hotline_conditions, procedure_conditions
from services.paging import KeysetPager

# The drill-down's pages (a figure's records, an index indicator's): this many rows in primary-key order, the
# export's order, read by keyset (``services.paging``) so a deep page costs what the first does; past the cap
# the page says "more than N" instead of counting every record.
RECORDS_PAGE_SIZE = 50
RECORDS_COUNT_CAP = 1000
RECORDS_ORDER = ("id",)


def records_pager():
    """Keyset pages of :func:`records` (and of ``serviceindex.compute.records``): served by the primary key."""
    return KeysetPager(
        RECORDS_ORDER, salt="portal.reports.records", size=RECORDS_PAGE_SIZE, cap=RECORDS_COUNT_CAP
    )


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
