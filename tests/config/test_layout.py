"""The layout shows the seams: mocks are installed only where mounted; production code imports no demo code."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MOCKS = {
    "MOCK_GATEWAY_MOUNTED": ("mocks.gateway", "/mock-gateway/api/control/"),
    "MOCK_PAYMENT_MOUNTED": ("mocks.payment_platform", "/mock-payment/api/faults"),
    "MOCK_VNEID_MOUNTED": ("mocks.vneid", "/mock-vneid/.well-known/openid-configuration"),
}

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
paths = json.loads(PATHS)
def resolves(p):
    try:
        resolve(p)
        return True
    except Resolver404:
        return False
print(json.dumps({
    "apps": [a for a in settings.INSTALLED_APPS if a.startswith("mocks")],
    "resolves": {p: resolves(p) for p in paths},
    "status": {p: Client().get(p).status_code for p in paths if not resolves(p)},
}))
"""


def probe(**env):
    """INSTALLED_APPS and the URLconf are read at start: a fresh process with the environment given."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_") and k != "DJANGO_ENV"}
    paths = [path for _, path in MOCKS.values()]
    code = f"PATHS = {json.dumps(json.dumps(paths))}\n" + PROBE
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_unmounted_mocks_are_not_installed_and_their_urls_answer_404():
    seen = probe(**dict.fromkeys(MOCKS, "false"))
    assert seen["apps"] == []
    for _, path in MOCKS.values():
        assert seen["resolves"][path] is False
        assert seen["status"][path] == 404


@pytest.mark.parametrize("setting", list(MOCKS))
def test_each_mock_is_installed_and_mounted_by_its_own_setting(setting):
    others_off = {name: "false" for name in MOCKS if name != setting}
    seen = probe(**others_off, **{setting: "true"})
    app, path = MOCKS[setting]
    assert seen["apps"] == [app]
    assert seen["resolves"] == {p: p == path for _, p in MOCKS.values()}


def test_by_default_outside_production_all_three_mocks_are_mounted():
    seen = probe()
    assert sorted(seen["apps"]) == sorted(app for app, _ in MOCKS.values())
    assert all(seen["resolves"].values())
