from django.apps import AppConfig


class MockSmsConfig(AppConfig):
    """A stand-in for the SMS gateway (brandname SMS), spoken to only over HTTP; messages kept in memory."""

    name = "mocks.sms"
    label = "mock_sms"
    verbose_name = "Mock SMS gateway"
