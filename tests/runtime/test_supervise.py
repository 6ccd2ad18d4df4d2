"""``python -m config.supervise`` (the Procfile's worker line): a worker that dies is started again and serves,
a stop asked by honcho reaches it and ends both, a crash loop gives up. Real processes: a Celery worker on a
private redis-server, and small Python children."""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.runtime.servers import ROOT, Child, redis_server, wait_for


def _lines(child):
    """The supervisor's own log lines (JSON), in order."""
    out = []
    for line in child.output().splitlines():
        if line.startswith("{") and '"config.supervise"' in line:
            out.append(json.loads(line))
    return out


def _started(child):
    return [line["pid"] for line in _lines(child) if line["message"] == "started"]


def _supervise(tmp_path, *command, options=()):
    args = [sys.executable, "-m", "config.supervise", *options, "--", *command]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "LOG_FORMAT": "json"}
    return Child(args, env=env, log_path=tmp_path / "supervise.log")


@pytest.mark.broker
def test_a_worker_that_dies_is_started_again_and_answers_then_a_stop_ends_both(tmp_path):
    redis, port = redis_server(tmp_path)
    broker = f"redis://127.0.0.1:{port}/0"
    celery = (
        str(ROOT / ".venv" / "bin" / "celery") if (ROOT / ".venv" / "bin" / "celery").exists() else "celery"
    )
    env = {**os.environ, "CELERY_BROKER_URL": broker, "PYTHONUNBUFFERED": "1", "LOG_FORMAT": "json"}
    args = [sys.executable, "-m", "config.supervise", "--backoff", "0.2", "--", celery, "-A", "config", "worker",
            "--pool", "threads", "--loglevel=INFO", "--concurrency=1", "--without-gossip", "--without-mingle", "-n", "sup@%h"]  # fmt: skip
    supervisor = Child(args, env=env, log_path=tmp_path / "supervise.log")
    try:
        wait_for(lambda: supervisor.output().count(" ready.") >= 1, timeout=60, what="the worker to be ready")
        first = _started(supervisor)[0]
        os.kill(first, signal.SIGKILL)  # as the broker crash does: the worker is gone without a word
        wait_for(lambda: len(_started(supervisor)) >= 2, timeout=30, what="the worker to be started again")
        second = _started(supervisor)[1]
        assert second != first
        restart = next(
            line for line in _lines(supervisor) if line["message"] == "the child exited: restarting"
        )
        assert restart["pid"] == first and restart["exited"] == "signal SIGKILL"
        wait_for(
            lambda: supervisor.output().count(" ready.") >= 2, timeout=60, what="the new worker to be ready"
        )

        def answered():  # `celery inspect ping`: a broadcast over the private broker, answered by the new worker
            ping = subprocess.run([celery, "-A", "config", "inspect", "ping", "--timeout", "1"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=60)  # fmt: skip
            return ping.returncode == 0 and "sup@" in ping.stdout and "pong" in ping.stdout

        wait_for(answered, timeout=30, what="the new worker to answer a ping")
        os.killpg(supervisor.popen.pid, signal.SIGTERM)  # honcho's stop: to the group, supervisor and worker
        assert supervisor.popen.wait(timeout=30) == 0
        with pytest.raises(ProcessLookupError):
            os.kill(second, 0)  # the worker went with it
        assert "stop asked: passing it to the child" in supervisor.output()
        assert "Warm shutdown" in supervisor.output() and "Cold shutdown" not in supervisor.output()
        assert len(_started(supervisor)) == 2  # nothing restarted after the stop
    finally:
        supervisor.stop(signal.SIGKILL)
        redis.stop()


def test_a_crash_loop_gives_up_with_the_childs_code(tmp_path):
    child = _supervise(tmp_path, sys.executable, "-c", "import sys; sys.exit(3)",
                       options=("--backoff", "0.05", "--max-restarts", "3", "--window", "60"))  # fmt: skip
    try:
        assert child.popen.wait(timeout=30) == 3
        assert len(_started(child)) == 4  # the first run and three restarts
        assert _lines(child)[-1]["message"] == "crash loop: giving up"
    finally:
        child.stop()


def test_a_child_that_finishes_is_not_restarted(tmp_path):
    child = _supervise(tmp_path, sys.executable, "-c", "print('done')")
    try:
        assert child.popen.wait(timeout=30) == 0
        assert len(_started(child)) == 1
        assert _lines(child)[-1]["message"] == "the child finished"
    finally:
        child.stop()


def test_a_command_is_required():
    result = subprocess.run([sys.executable, "-m", "config.supervise", "--"], cwd=ROOT, capture_output=True,
                            text=True, timeout=30)  # fmt: skip
    assert result.returncode == 2 and "a command to run is required" in result.stderr
