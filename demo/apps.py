from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and seed data (``seed_demo``); no models, never imported by production code."""

    name = "demo"
    label = "demo"
    verbose_name = "Demo data"
