"""Talking to the mock gateway over HTTP, and running real processes (mock, workers) with bounded waits."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


class MockGateway:
    """What a test may ask the mock national gateway, over its HTTP API."""

    def __init__(self, base_url, token=None):
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token or settings.MOCK_GATEWAY_TOKEN}"}

    def _call(self, method, path, **kwargs):
        response = requests.request(
            method, urljoin(self.base_url, path), headers=self.headers, timeout=20, **kwargs
        )
        return response

    def set_mode(self, mode="ok", **options):
        response = self._call("POST", "api/control/", json={"mode": mode, **options})
        assert response.status_code == 200, response.text
        return response.json()

    def history(self, filing_code):
        return self._call("GET", f"api/filings/{filing_code}/").json()["history"]

    def statuses(self, filing_code):
        return [h["status"] for h in self.history(filing_code) if h["kind"] == "filing_update"]

    def stats(self):
        return self._call("GET", "api/control/stats/").json()

    def publications(self):
        return self._call("GET", "api/publications/list/").json()["publications"]

    def forward(self, body):
        return self._call("POST", "api/control/forward/", json=body)


def wait_until(predicate, *, timeout, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def free_port():
    """A port nobody listens on now: the kernel's pick (a fixed range collided with other test runs)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Process:
    """A child process in its own session, so that killing it kills its children (prefork pool) too."""

    def __init__(self, args, env, log_path):
        self.log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self, sig=signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self):
        if self.popen.poll() is None:
            self.kill(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill(signal.SIGKILL)
                self.popen.wait(timeout=10)
        else:
            self.kill(signal.SIGKILL)  # any orphaned pool child
        self.log.close()


def service_env(db_name, **extra):
    """The environment of a child process that shares the test database and broker."""
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{db_name}"
    env = {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "0", "PYTHONUNBUFFERED": "1"}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_mock(port, env, log_path):
    proc = Process([sys.executable, "manage.py", "run_mock_gateway", "--port", str(port)], env, log_path)
    wait_until(lambda: port_open(port), timeout=30, what=f"mock gateway on port {port}")
    return proc


def start_worker(env, log_path, *, beat_dir=None, name="w1"):
    celery = str(Path(sys.executable).with_name("celery"))
    args = [celery, "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2", "-n", f"{name}@%h"]
    if beat_dir is not None:
        args += ["-B", "-s", str(Path(beat_dir) / "beat-schedule")]
    return Process(args, env, log_path)
