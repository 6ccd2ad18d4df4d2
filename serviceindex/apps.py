from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceIndexConfig(AppConfig):
    name = "serviceindex"
    verbose_name = _("Bộ chỉ số 766 / The service index of Decision 766")
