from django.conf import settings
from django.utils.module_loading import import_string


def get_client():
    """The configured national gateway client (``settings.NATIONAL_GATEWAY_CLIENT``)."""
    return import_string(settings.NATIONAL_GATEWAY_CLIENT)()
