"""Prometheus metrics at ``/metrics``.

* From the database, computed at scrape time (exact, whatever the number of processes): the outbox by
  state and topic, the oldest pending event's age, dead events, payments awaiting the platform — two
  queries a scrape.
* Per process: request latency by route, method and status class; the after-commit worker signals that
  could not be published (``portal_worker_signal_failures_total``, counted by ``services.outbox``). Under gunicorn with several workers set ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory,
  emptied at each start) so that every worker's latency samples are summed; without it each scrape shows
  the worker that answered it. The signal-failure counter is always the answering worker's.

Who may read it: the addresses in ``METRICS_ALLOWED_IPS`` (loopback by default), or anyone presenting
``Authorization: Bearer <METRICS_TOKEN>`` when that setting is set.
"""

import hmac
import ipaddress
import os

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

REQUEST_LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Thời gian trả lời yêu cầu / request latency, by route, method and status class",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def route_of(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return "/" + (match.route or match.view_name or "")


def observe_request(request, status_code, seconds):
    method = request.method if request.method in METHODS else "other"
    REQUEST_LATENCY.labels(route_of(request), method, f"{status_code // 100}xx").observe(seconds)


class DatabaseCollector:
    """The gauges read from the database when Prometheus scrapes."""

    def collect(self):
        try:
            families = list(self._from_database())
        except DatabaseError:
            families = []
        yield GaugeMetricFamily(
            "portal_database_up",
            "Cơ sở dữ liệu trả lời / the database answered this scrape",
            value=int(bool(families)),
        )
        yield from families

    def _from_database(self):
        from payments.constants import PaymentStatus
        from payments.models import Payment
        from services.models import OutboxEvent

        now = timezone.now()
        events = GaugeMetricFamily(
            "portal_outbox_events",
            "Sự kiện đồng bộ theo trạng thái / outbox events",
            labels=["state", "topic"],
        )
        oldest = {}
        pending = dead = 0
        rows = OutboxEvent.objects.values("state", "topic").annotate(n=Count("id"), first=Min("created_at"))
        for row in rows.order_by():
            events.add_metric([row["state"], row["topic"]], row["n"])
            if row["state"] == OutboxEvent.State.PENDING:
                pending += row["n"]
                oldest[row["topic"]] = row["first"]
            elif row["state"] == OutboxEvent.State.DEAD:
                dead += row["n"]
        yield events
        yield GaugeMetricFamily(
            "portal_outbox_backlog", "Sự kiện chờ gửi / outbox events pending", value=pending
        )
        age = (now - min(oldest.values())).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "portal_outbox_oldest_pending_age_seconds",
            "Tuổi sự kiện chờ lâu nhất / age of the oldest pending outbox event",
            value=max(age, 0.0),
        )
        yield GaugeMetricFamily(
            "portal_outbox_dead_events", "Sự kiện gửi lỗi, dừng / dead outbox events", value=dead
        )
        waiting = Payment.objects.filter(status__in=[PaymentStatus.CREATED, PaymentStatus.PENDING]).count()
        yield GaugeMetricFamily(
            "portal_payments_pending",
            "Khoản thanh toán chờ nền tảng / payments created or pending on the platform",
            value=waiting,
        )


class SignalFailuresCollector:
    """The after-commit worker signals this process could not publish (services.outbox counts them)."""

    def collect(self):
        from services.outbox import signal_failures

        yield CounterMetricFamily(
            "portal_worker_signal_failures",
            "Tín hiệu đánh thức worker không gửi được / after-commit worker signals that failed to publish "
            "(this process)",
            value=signal_failures(),
        )


class _Union:
    def __init__(self, *sources):
        self.sources = sources

    def collect(self):
        for source in self.sources:
            yield from source.collect()


def _process_metrics():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def allowed(request):
    token = settings.METRICS_TOKEN
    if token:
        presented = request.headers.get("Authorization", "")
        if hmac.compare_digest(presented.encode(), f"Bearer {token}".encode()):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)


def metrics_view(request):
    if not allowed(request):
        return HttpResponse(
            "Không được phép / Forbidden\n", status=403, content_type="text/plain; charset=utf-8"
        )
    output = generate_latest(_Union(_process_metrics(), SignalFailuresCollector(), DatabaseCollector()))
    return HttpResponse(output, content_type=CONTENT_TYPE_LATEST)
