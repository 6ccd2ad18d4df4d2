from django.apps import AppConfig


class MockVneidConfig(AppConfig):
    """A stand-in for the national VNeID identity provider (OpenID Connect), for development and tests."""

    name = "mocks.vneid"
    label = "mock_vneid"
    verbose_name = "Mock VNeID"
