from tests.gateway.conftest import gateway, world  # noqa: F401  (the mock gateway over HTTP; a small world)
