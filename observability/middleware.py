"""The outermost middleware: a request id for every request (kept from ``X-Request-ID`` when sane,
returned in the response header, bound for every log line), and the request's latency for /metrics."""

import time

from observability import context, metrics


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = context.choose(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        token = context.bind(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            metrics.observe_request(request, response.status_code, time.perf_counter() - started)
            return response
        finally:
            context.reset(token)
