from django.apps import AppConfig


class MockGatewayConfig(AppConfig):
    """A stand-in for the National Public Service Portal (Cổng DVCQG), spoken to only over HTTP."""

    name = "mocks.gateway"
    label = "mock_gateway"
    verbose_name = "Mock Cổng DVCQG"
    default_auto_field = "django.db.models.BigAutoField"
