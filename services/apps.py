from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Thủ tục và hồ sơ")

    def ready(self):
        from services import search
        from services.roles import ensure_role_groups

        search.connect()  # unaccent() on SQLite connections

        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="services.roles")
