"""``make services`` (issue 16): honcho runs the ``Procfile`` (gunicorn with threads, a Celery worker,
beat, the three mock partners) on loopback ports, each pointed at the others; it comes up, a filing's
status travels web -> Redis -> worker -> mock gateway, and one SIGTERM stops every process."""

import os
import re
import signal
import time

import pytest
import requests
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token

from services.constants import FilingStatus as S
from tests.builders import new_draft
from tests.gateway.helpers import MockGateway, service_env
from tests.processes import free_port
from tests.runtime.servers import ROOT, Child, port_open, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.broker]


def _services_env(tmp_path):
    web, gateway, payment, vneid, sms = (free_port() for _ in range(5))
    env = service_env(
        connection.settings_dict["NAME"],
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        GUNICORN_BIND=f"127.0.0.1:{web}",
        WEB_CONCURRENCY=2,
        GUNICORN_THREADS=4,
        SITE_URL=f"http://127.0.0.1:{web}",
        MOCK_GATEWAY_PORT=gateway,
        MOCK_PAYMENT_PORT=payment,
        MOCK_VNEID_PORT=vneid,
        MOCK_SMS_PORT=sms,
        SMS_GATEWAY_URL=f"http://127.0.0.1:{sms}/mock-sms/",
        NATIONAL_GATEWAY_URL=f"http://127.0.0.1:{gateway}/mock-gateway/",
        PAYMENT_PLATFORM_URL=f"http://127.0.0.1:{payment}/",
        VNEID_ISSUER=f"http://127.0.0.1:{vneid}",
        CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "beat-schedule"),
        NATIONAL_GATEWAY_SWEEP_SECONDS=2,
    )
    env.pop("CONN_MAX_AGE", None)  # the pool's default
    return env, {"web": web, "gateway": gateway, "payment": payment, "vneid": vneid, "sms": sms}


def test_make_services_comes_up_carries_a_status_to_the_gateway_and_stops_with_one_sigterm(world, tmp_path):
    env, ports = _services_env(tmp_path)
    draft = new_draft(world["procedure"], world["applicant"])
    token = Token.objects.create(user=world["applicant"]).key
    honcho = Child(
        [str(ROOT / ".venv" / "bin" / "honcho"), "-f", "Procfile", "start"],
        env=env,
        log_path=tmp_path / "h.log",
    )
    try:
        for name, port in ports.items():
            wait_for(lambda port=port: port_open(port), timeout=60, what=f"{name} on :{port}")
        wait_for(lambda: "ready." in honcho.output(), timeout=60, what="the worker")
        web = f"http://127.0.0.1:{ports['web']}"
        home = requests.get(f"{web}/", timeout=10)
        assert home.status_code == 200 and home.headers["Server"].startswith("gunicorn")
        static = requests.get(f"{web}/static/portal/vendor/htmx-2.0.11.min.js", timeout=10)
        assert static.status_code == 200 and "htmx" in static.text[:2000]  # WhiteNoise
        assert (
            requests.get(f"{web}/mock-gateway/api/control/stats/", timeout=5).status_code == 404
        )  # not mounted
        vneid = requests.get(f"http://127.0.0.1:{ports['vneid']}/.well-known/openid-configuration", timeout=5)
        assert vneid.json()["issuer"] == env["VNEID_ISSUER"]
        gateway = MockGateway(env["NATIONAL_GATEWAY_URL"])
        assert gateway.stats()["received"] == 0
        started = time.monotonic()
        answer = requests.post(
            f"{web}/api/v1/filings/{draft.code}/submit/",
            json={},
            headers={"Authorization": f"Token {token}"},
            timeout=10,
        )
        assert answer.status_code == 200 and answer.json()["status"] == S.SUBMITTED
        wait_for(lambda: gateway.statuses(draft.code) == [S.SUBMITTED], timeout=20, what="the status")
        took = time.monotonic() - started
        pids = [int(p) for p in re.findall(r"started \(pid=(\d+)\)", honcho.output())]
        assert len(pids) == 7
        honcho.popen.send_signal(signal.SIGTERM)  # as a service manager stops it: honcho alone
        honcho.popen.wait(timeout=40)
    finally:
        honcho.stop()
    output = honcho.output()
    print(f"submit answered and reached the mock gateway in {took:.2f} s")
    for name in ("web", "worker", "beat", "gateway", "payment", "vneid", "sms"):
        assert re.search(rf"^\S+ {name}\.1\s+\| ", output, re.M), name
    assert "Traceback" not in output and "could not signal" not in output
    assert not any(port_open(p) for p in ports.values())
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
