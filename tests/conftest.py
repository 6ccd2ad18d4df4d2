"""Run modes for the suite.

* On SQLite (no ``DATABASE_URL``): tests marked ``postgres`` or ``broker`` are skipped, and the summary says so.
* With ``REQUIRE_SERVICES=1`` (CI): PostgreSQL and Redis must be there; a missing one fails the run.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
_skipped_for_services = []


def _is_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _reachable(url):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    if not REQUIRE_SERVICES:
        return
    problems = []
    if not _is_postgres():
        problems.append("DATABASE_URL must point to PostgreSQL")
    elif not _reachable(os.environ["DATABASE_URL"]):
        problems.append("PostgreSQL is not reachable at DATABASE_URL")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        problems.append("CELERY_BROKER_URL must point to Redis")
    elif not _reachable(settings.CELERY_BROKER_URL):
        problems.append("Redis is not reachable at CELERY_BROKER_URL")
    if problems:
        pytest.exit("REQUIRE_SERVICES=1 but " + "; ".join(problems), returncode=3)


def pytest_collection_modifyitems(config, items):
    pg = _is_postgres()
    broker = bool(settings.CELERY_BROKER_URL)
    for item in items:
        if "postgres" in item.keywords and not pg:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
            _skipped_for_services.append(item.nodeid)
        elif "broker" in item.keywords and not broker:
            item.add_marker(pytest.mark.skip(reason="needs a Celery broker (set CELERY_BROKER_URL)"))
            _skipped_for_services.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_services:
        terminalreporter.write_line(
            f"{len(_skipped_for_services)} test(s) skipped: they need PostgreSQL/Redis "
            "(run with DATABASE_URL and CELERY_BROKER_URL set, as .ci/run does).",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def demo_pki(tmp_path_factory):
    """A demo CA and a province-wide signing certificate in a tmp dir, made once for the session (the
    agencies of a test are new each time; an agency's own certificate is tested in tests/documents)."""
    from documents import pki

    directory = tmp_path_factory.mktemp("pki")
    ca_cert, ca_key, _created = pki.ensure_demo_ca(directory)
    pki.issue_demo_certificate(
        directory / "province",
        ca_cert,
        ca_key,
        common_name="UBND tỉnh (thử nghiệm)",
        organization="UBND tỉnh",
    )
    # The servers and workers a test starts as child processes sign with the same keys.
    os.environ["SIGNING_PKI_DIR"] = str(directory)
    os.environ["SIGNING_KEY_FILE"] = str(directory / "province" / "key.pem")
    os.environ["SIGNING_CERT_FILE"] = str(directory / "province" / "cert.pem")
    return directory


@pytest.fixture(autouse=True)
def _signing_keys(settings, demo_pki):
    settings.SIGNING_PKI_DIR = demo_pki
    settings.SIGNING_KEY_FILE = str(demo_pki / "province" / "key.pem")
    settings.SIGNING_CERT_FILE = str(demo_pki / "province" / "cert.pem")
    settings.SIGNING_TSA_URL = ""
