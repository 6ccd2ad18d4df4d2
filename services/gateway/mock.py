"""HTTP client for the mock national gateway (mocks.gateway), with timeouts on every call."""

from urllib.parse import quote, urljoin

import requests
from django.conf import settings

from services.gateway.base import GatewayClient, GatewayError

# 4xx answers that say "not now" rather than "never".
_RETRYABLE_4XX = {401, 403, 408, 409, 425, 429}


class MockGatewayClient(GatewayClient):
    def __init__(self, base_url=None, token=None):
        self.base_url = base_url or settings.NATIONAL_GATEWAY_URL
        self.token = token or settings.NATIONAL_GATEWAY_TOKEN
        self.timeout = (settings.NATIONAL_GATEWAY_CONNECT_TIMEOUT, settings.NATIONAL_GATEWAY_READ_TIMEOUT)
        # one keep-alive connection for the client's batch (``deliver_due`` makes one client per batch):
        # a new TCP connection per event cost more than the event (bench/outbox.py)
        self.session = requests.Session()

    def _path(self, topic, payload):
        if topic.startswith("filing."):
            return f"api/filings/{quote(str(payload.get('filing_code', '')), safe='')}/updates/"
        if topic == "payment.status":
            return "api/payments/"
        if topic == "catalog.publish":
            return "api/publications/"
        if topic == "catalog.unpublish":
            return "api/publications/unpublish/"
        raise GatewayError(f"no gateway endpoint for topic {topic!r}", retryable=False)

    def deliver(self, *, topic, payload, idempotency_key):
        url = urljoin(self.base_url, self._path(topic, payload))
        try:
            response = self.session.post(
                url,
                json={"topic": topic, **payload},
                headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": str(idempotency_key)},
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise GatewayError(f"timeout: {exc}") from exc
        except requests.ConnectionError as exc:
            raise GatewayError(f"connection failed: {exc}") from exc
        if response.status_code >= 400:
            raise GatewayError(
                f"HTTP {response.status_code}: {response.text[:500]}",
                retryable=response.status_code >= 500 or response.status_code in _RETRYABLE_4XX,
                retry_after=_retry_after(response),
                status=response.status_code,
            )
        try:
            return response.json()
        except ValueError as exc:
            raise GatewayError(f"HTTP {response.status_code} without a JSON answer") from exc


def _retry_after(response):
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to the backoff
