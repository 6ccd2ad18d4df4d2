"""The layout shows the seams: mocks are installed only where mounted; production code imports no demo code."""

import ast
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
    "MOCK_SMS_MOUNTED": ("mocks.sms", "/mock-sms/api/faults"),
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


def test_by_default_outside_production_every_mock_is_mounted():
    seen = probe()
    assert sorted(seen["apps"]) == sorted(app for app, _ in MOCKS.values())
    assert all(seen["resolves"].values())


# --- Production code never imports the demo package ------------------------------------------------

PRODUCTION_PACKAGES = (
    "api",
    "services",
    "payments",
    "portal",
    "config",
    "mocks",
    "documents",
    "notifications",
)


def imported_modules(path, package):
    """Every module named by an import statement in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            yield module
            for alias in node.names:
                yield f"{module}.{alias.name}"


def production_imports():
    for top in PRODUCTION_PACKAGES:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            package = ".".join(parts if parts[-1] == "__init__" else parts[:-1]).removesuffix(".__init__")
            for module in imported_modules(path, package):
                yield path.relative_to(ROOT), module


def test_no_production_module_imports_the_demo_package():
    offenders = [
        f"{path}: {module}" for path, module in production_imports() if module.split(".")[0] == "demo"
    ]
    assert offenders == []


def test_the_import_walk_sees_imports_of_the_demo_package(tmp_path):
    """The walk above must notice an import, plain or relative (else it proves nothing)."""
    sample = tmp_path / "sample.py"
    sample.write_text("import demo.seed\nfrom demo import data\nfrom . import bulk\n")
    assert {"demo.seed", "demo", "demo.data", "demo.bulk"} <= set(imported_modules(sample, "demo"))


def test_a_production_process_loads_neither_demo_nor_mocks():
    """Under DJANGO_ENV=production, the apps and the whole URLconf load without importing demo or mocks."""
    code = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'demo', 'mocks'}))\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MOCK_", "DEMO_", "DEBUG"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k3y-" + "x7Qp9Lm2Zr5Tv8Wn1Ys4Bc6Hd0Jf3Kg" * 2,
            "ALLOWED_HOSTS": "dvc.example.vn",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


# --- The API's shared helpers live at project level ------------------------------------------------

DOMAIN_APIS = ("payments/api", "portal/reports/api.py", "portal/reports/api_urls.py")


def test_the_payments_and_reports_apis_import_nothing_from_services_api():
    offenders = [
        f"{path}: {module}"
        for path, module in production_imports()
        if str(path).startswith(DOMAIN_APIS) and (module + ".").startswith("services.api.")
    ]
    assert offenders == []


def test_the_api_root_error_shape_and_throttles_are_project_level(settings):
    from django.urls import resolve

    from api.throttles import THROTTLES

    assert settings.REST_FRAMEWORK["EXCEPTION_HANDLER"] == "api.errors.exception_handler"
    assert resolve("/api/v1/auth/token/").func.__module__ == "api.urls"
    assert resolve("/api/v1/filings/").func.cls.throttle_classes == THROTTLES
