"""A page asked with a bad query parameter answers 400 with a page that names it (see ``services.params``)."""

from django.shortcuts import render

from services.params import BadParameter


class BadParameterMiddleware:
    """``BadParameter`` raised by a page: a 400 page in the site's layout saying which parameter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BadParameter):
            return None
        return render(
            request,
            "portal/bad_request.html",
            {"message": exception.message, "field": exception.field},
            status=exception.http_status,
        )
