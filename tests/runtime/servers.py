"""Private servers for the runtime tests: redis-server and the portal as their own processes, on free
loopback ports, each stopped by the test (bounded waits)."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, *, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def port_open(port):
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.3).close()
        return True
    except OSError:
        return False


class Child:
    """A child process in its own session (killing it kills its children), output in a log file."""

    def __init__(self, args, *, env, log_path, cwd=ROOT):
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
        self._log.close()
        return self.popen.returncode

    def output(self):
        return Path(self.log_path).read_text(errors="replace")


def redis_server(tmp_path):
    """A private redis-server on a free port (no persistence); returns (child, port)."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed")
    port = free_port()
    child = Child(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        env=dict(os.environ),
        log_path=tmp_path / f"redis-{port}.log",
        cwd=tmp_path,
    )
    wait_for(lambda: port_open(port), timeout=10, what="redis-server")
    return child, port


def portal_server(tmp_path, env, *, command=None, port=None):
    """The portal over HTTP in its own process (runserver without autoreload unless told otherwise)."""
    port = port or free_port()
    args = (
        command(port)
        if command
        else [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    )
    child = Child(
        args, env={**os.environ, "PYTHONUNBUFFERED": "1", **env}, log_path=tmp_path / f"web-{port}.log"
    )

    def up():
        if child.popen.poll() is not None:
            raise AssertionError(f"the portal exited:\n{child.output()[-3000:]}")
        try:
            return requests.get(f"http://127.0.0.1:{port}/", timeout=2).status_code < 500
        except requests.RequestException:
            return False

    wait_for(up, timeout=30, what="the portal")
    return child, f"http://127.0.0.1:{port}"
