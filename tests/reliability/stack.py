"""The processes a reliability test runs, each a real child on a free loopback port with bounded waits:
gunicorn (threads) serving the portal, the mock national gateway and Payment Platform, Celery workers, a
private redis-server. Every child is stopped at teardown; logs are kept in the test's tmp_path."""

import contextlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.db import connection

from tests.gateway.helpers import Process, port_open, service_env, start_worker, wait_until
from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Fast retries for the outbox in tests (the production defaults are minutes).
FAST_OUTBOX = {
    "NATIONAL_GATEWAY_CONNECT_TIMEOUT": 1,
    "NATIONAL_GATEWAY_READ_TIMEOUT": 5,
    "NATIONAL_GATEWAY_LEASE_SECONDS": 8,
    "NATIONAL_GATEWAY_BACKOFF_BASE": 0.2,
    "NATIONAL_GATEWAY_BACKOFF_CAP": 1,
    "NATIONAL_GATEWAY_SWEEP_SECONDS": 1,
}
UNTHROTTLED = {"API_THROTTLE_USER": "1000000/min", "API_THROTTLE_ANON": "1000000/min"}


def healthy(base, path="healthz"):
    try:
        return requests.get(f"{base}/{path}", timeout=2).status_code == 200
    except requests.RequestException:
        return False


class Stack:
    """One portal deployment on loopback, against the test's PostgreSQL database (or ``database_url``)."""

    def __init__(self, tmp_path, *, broker_url, database_url=None, **settings):
        self.tmp_path = tmp_path
        self.web_port, self.gateway_port, self.payment_port = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.web_port}"
        self.gateway_url = f"http://127.0.0.1:{self.gateway_port}/mock-gateway/"
        self.payment_url = f"http://127.0.0.1:{self.payment_port}/"
        self.env = service_env(
            connection.settings_dict["NAME"],
            CELERY_BROKER_URL=broker_url,
            SITE_URL=self.base,
            NATIONAL_GATEWAY_URL=self.gateway_url,
            PAYMENT_PLATFORM_URL=self.payment_url,
            DEBUG="false",
            LOG_FORMAT="json",
            **FAST_OUTBOX,
            **UNTHROTTLED,
            **settings,
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.processes = []
        self.web = None

    def _start(self, name, args):
        process = Process(args, self.env, self.tmp_path / f"{name}.log")
        self.processes.append(process)
        return process

    def start_web(self, *, workers=2, threads=4):
        args = [str(BIN / "gunicorn"), "config.wsgi"]
        conf = ROOT / "config" / "gunicorn.conf.py"
        if conf.exists():
            args += ["-c", str(conf)]
        args += [
            "-b", f"127.0.0.1:{self.web_port}", "-w", str(workers), "--threads", str(threads),
            "--access-logfile", "-", "--graceful-timeout", "5",
        ]  # fmt: skip
        self.web = self._start("web", args)
        wait_until(lambda: healthy(self.base), timeout=60, what="gunicorn to answer /healthz")
        return self.web

    def start_gateway(self):
        args = [sys.executable, "manage.py", "run_mock_gateway", "--port", str(self.gateway_port)]
        process = self._start("mock-gateway", args)
        wait_until(lambda: port_open(self.gateway_port), timeout=30, what="the mock gateway")
        return process

    def start_payment(self):
        args = [sys.executable, "manage.py", "run_mock_payment", "--port", str(self.payment_port)]
        process = self._start("mock-payment", args)
        wait_until(lambda: port_open(self.payment_port), timeout=30, what="the mock Payment Platform")
        return process

    def start_worker(self, name="w1", *, beat=False):
        worker = start_worker(
            self.env, self.tmp_path / f"{name}.log", beat_dir=self.tmp_path if beat else None, name=name
        )
        self.processes.append(worker)
        return worker

    def log(self, name):
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def close(self):
        for process in reversed(self.processes):
            process.stop()


class PrivateRedis:
    """A redis-server of the test's own on a free port (no persistence), which the test may stop."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp_path = tmp_path
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--dir", str(self.tmp_path)]
        self.log = open(self.tmp_path / "redis.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(lambda: port_open(self.port), timeout=10, what="redis-server")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()
        wait_until(lambda: not port_open(self.port), timeout=10, what="redis-server to stop")


@contextlib.contextmanager
def timed():
    started = time.perf_counter()
    box = {}
    yield box
    box["seconds"] = time.perf_counter() - started
