from tests.gateway.conftest import world  # noqa: F401  (an agency, a procedure and every role)
