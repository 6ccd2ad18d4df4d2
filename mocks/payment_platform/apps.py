from django.apps import AppConfig


class MockPaymentConfig(AppConfig):
    """The mock national Payment Platform: its own tables, spoken to only over HTTP."""

    name = "mocks.payment_platform"
    label = "mock_payment"
    verbose_name = "Mock Payment Platform"
