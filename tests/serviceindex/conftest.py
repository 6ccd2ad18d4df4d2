from tests.reports.conftest import _quiet_gateway, world  # noqa: F401  (the reports' small world, real steps)
