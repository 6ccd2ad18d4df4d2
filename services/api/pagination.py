"""The queue's keyset pages in the API (``services.paging``): ``?cursor=`` instead of ``?page=``, the
links to the pages before and after, and a count that stops at the selectors' cap."""

from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from services import selectors
from services.params import cursor_param


class QueuePagination(BasePagination):
    """``{"count", "count_capped", "next", "previous", "results"}``: ``count_capped`` true means "more
    than ``count``" (the cap), so that a queue of a million filings is never counted in full."""

    page_size = 50

    def paginate_queryset(self, queryset, request, view=None):
        pager = selectors.queue_pager(self.page_size)
        cursor = cursor_param(request.query_params, "cursor", pager, queryset.model)
        self.request = request
        self.page = pager.page(queryset, cursor)
        return self.page.object_list

    def _link(self, cursor):
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), "page")
        return replace_query_param(url, "cursor", cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.count,
                "count_capped": self.page.count_capped,
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_capped", "results"],
            "properties": {
                "count": {"type": "integer", "description": "up to the cap / đếm tới ngưỡng"},
                "count_capped": {"type": "boolean", "description": "more than count / nhiều hơn count"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Con trỏ trang (từ next/previous) / the page's cursor (from next/previous)",
                "schema": {"type": "string"},
            }
        ]
