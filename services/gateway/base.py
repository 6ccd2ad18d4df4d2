"""What the portal needs from a national gateway, so that a real client can replace the mock's."""

from abc import ABC, abstractmethod


class GatewayError(Exception):
    """A delivery that did not go through. ``retryable`` False means the gateway refused the message itself
    (a malformed payload): sending it again cannot help, so it is parked."""

    def __init__(self, message, *, retryable=True, retry_after=None, status=None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status


class GatewayClient(ABC):
    @abstractmethod
    def deliver(self, *, topic, payload, idempotency_key):
        """Send one outbox message; return the gateway's answer (a dict, e.g. with ``ack_id``) or raise
        :class:`GatewayError`. Sending the same ``idempotency_key`` twice must be harmless."""
