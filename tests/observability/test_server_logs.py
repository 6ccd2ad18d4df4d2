"""Reading what real servers print: gunicorn's access log and runserver's request lines are JSON with the
request id, and a personal ID searched in the officials' queue never appears in them."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
PERSONAL_ID = "086090000001"
BIN = Path(sys.executable).parent


def _wait_for(port, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read().decode())
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=3)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    raise RuntimeError(f"no server on port {port}")


def _serve_and_read(args, port):
    env = {**os.environ, "DEBUG": "false", "PYTHONUNBUFFERED": "1", "LOG_FORMAT": "json"}
    env.pop("DATABASE_URL", None)  # anonymous requests only: no database is touched
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process)
        base = f"http://127.0.0.1:{port}"
        queue = requests.get(
            f"{base}/officials/queue/?q={PERSONAL_ID}&status=",
            headers={"X-Request-ID": "queue-search-1"},
            allow_redirects=False,
            timeout=5,
        )
        assert queue.status_code == 302 and PERSONAL_ID in queue.headers["Location"]
        missing = requests.get(
            f"{base}/filings-by-id/{PERSONAL_ID}/", headers={"X-Request-ID": "nf-1"}, timeout=5
        )
        assert missing.status_code == 404 and missing.headers["X-Request-ID"] == "nf-1"
        time.sleep(0.3)
    finally:
        process.terminate()
        output = process.communicate(timeout=15)[0].decode()
    return output


def _json_lines(output):
    lines = []
    for line in output.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def _assert_masked_with_ids(output, logger, *, request_line_has_id=True):
    assert PERSONAL_ID not in output, output
    lines = _json_lines(output)
    request_lines = [line for line in lines if line["logger"] == logger]
    searched = [line for line in request_lines if "/officials/queue/" in line["message"]]
    assert searched, output
    assert "q=************" in searched[0]["message"]
    not_found = [line for line in lines if line["request_id"] == "nf-1"]
    if request_line_has_id:
        assert searched[0]["request_id"] == "queue-search-1"
        assert {line["logger"] for line in not_found} >= {"django.request", logger}
    else:  # runserver prints its request line after the response, from the socket server: no id
        assert {line["logger"] for line in not_found} == {"django.request"}
    assert all("/filings-by-id/************/" in line["message"] for line in not_found)


def test_gunicorns_access_log_is_json_with_the_request_id_and_no_personal_id():
    port = free_port()
    args = [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--threads", "2"]
    output = _serve_and_read([*args, "--access-logfile", "-"], port)
    _assert_masked_with_ids(output, "gunicorn.access")


def test_runservers_request_lines_are_json_with_the_request_id_and_no_personal_id():
    port = free_port()
    args = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"]
    # (runserver is for development; the production server is gunicorn, above)
    output = _serve_and_read(args, port)
    _assert_masked_with_ids(output, "django.server", request_line_has_id=False)


def test_with_a_multiprocess_directory_the_latency_counts_of_every_gunicorn_worker_are_summed(tmp_path):
    port = free_port()
    env = {**os.environ, "DEBUG": "false", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    args = [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "2"]
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process)
        base = f"http://127.0.0.1:{port}"
        for _n in range(20):
            requests.get(f"{base}/healthz", headers={"Connection": "close"}, timeout=5)
        pids = {p.name.rsplit("_", 1)[-1] for p in tmp_path.glob("histogram_*.db")}
        text = requests.get(f"{base}/metrics", timeout=10).text
    finally:
        process.terminate()
        process.communicate(timeout=15)
    counted = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("portal_http_request_duration_seconds_count") and 'route="/healthz"' in line
    ]
    assert sum(counted) >= 20, text  # the startup probes may add a few
    assert len(pids) == 2, pids  # both workers answered, and both are counted


def _gunicorn_healthz_count(directory, requests_made):
    """Start gunicorn with the project's settings, make some requests, read the summed /healthz count, stop."""
    port = free_port()
    env = {**os.environ, "DEBUG": "false", "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", GUNICORN_THREADS="2")
    env.pop("DATABASE_URL", None)
    args = [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"]
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, seconds=90)  # two processes starting on shared cores
        base = f"http://127.0.0.1:{port}"
        for _n in range(requests_made):
            requests.get(f"{base}/healthz", headers={"Connection": "close"}, timeout=5)
        text = requests.get(f"{base}/metrics", timeout=10).text
    finally:
        process.terminate()
        process.communicate(timeout=30)
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("portal_http_request_duration_seconds_count") and 'route="/healthz"' in line
    )


def test_a_restarted_gunicorn_does_not_count_the_requests_of_its_previous_run(tmp_path):
    first = _gunicorn_healthz_count(tmp_path, 30)
    assert first >= 30
    second = _gunicorn_healthz_count(tmp_path, 5)  # the same directory, as after a restart
    assert 5 <= second < 30, (first, second)
