"""Query-string filters of the lists (django-filter)."""

import django_filters

from services.constants import AgencyLevel, Channel, FilingStatus, OnlineLevel, Timeliness
from services.models import Filing, Procedure
from services.params import MAX_ID, check_date
from services.search import matching_words


class BoundedDateFilter(django_filters.DateFilter):
    """A date within ``services.params``' range: 0001-01-01 or 9999-12-31 is a 400 naming the filter."""

    def __init__(self, *args, param, **kwargs):
        super().__init__(*args, **kwargs)
        self.param = param

    def filter(self, qs, value):
        if value:
            check_date(self.param, value)
        return super().filter(qs, value)


class ProcedureFilter(django_filters.FilterSet):
    """The catalog: search by name or national code, filter by field, agency and level."""

    search = django_filters.CharFilter(method="filter_search", label="Tên hoặc mã TTHC / name or code")
    field = django_filters.CharFilter(lookup_expr="iexact", label="Lĩnh vực / field")
    agency = django_filters.CharFilter(field_name="agency__code", label="Mã cơ quan / agency code")
    agency_level = django_filters.ChoiceFilter(field_name="agency__level", choices=AgencyLevel.choices)
    online_level = django_filters.ChoiceFilter(choices=OnlineLevel.choices)
    province = django_filters.CharFilter(field_name="province__slug", label="Tỉnh (slug) / province slug")

    class Meta:
        model = Procedure
        fields = []

    def filter_search(self, queryset, name, value):
        """The page's search, the same function: every word, with or without diacritics."""
        return matching_words(queryset, value)


class FilingFilter(django_filters.FilterSet):
    """Filings: by state, procedure, channel, timeliness and date of creation."""

    status = django_filters.MultipleChoiceFilter(choices=FilingStatus.choices)
    procedure = django_filters.NumberFilter(field_name="procedure_id", min_value=1, max_value=MAX_ID)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    timeliness = django_filters.ChoiceFilter(choices=Timeliness.choices)
    created_from = BoundedDateFilter(param="created_from", field_name="created_at", lookup_expr="date__gte")
    created_to = BoundedDateFilter(param="created_to", field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Filing
        fields = []
