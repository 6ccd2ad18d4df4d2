"""No template of ours holds an inline script, an inline event handler or an htmx ``hx-on`` (which needs
eval): the Content-Security-Policy would block it (the browser tests show it; this finds it without one)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p
    for app in ("portal", "payments", "services", "mocks", "api")
    for p in (ROOT / app).rglob("templates/**/*.html")
)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\bhx-on|javascript:", re.I)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=[str(p.relative_to(ROOT)) for p in TEMPLATES])
def test_no_inline_script_in_a_template(template):
    assert INLINE.findall(template.read_text(encoding="utf-8")) == []


def test_the_policy_forbids_inline_scripts_and_eval():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_pages_and_api_answers_carry_the_policy():
    client = Client()
    for path in ("/", "/login/", "/api/v1/procedures/", "/api/v1/docs/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy, path
    assert "worker-src 'self' blob:" in client.get("/api/v1/redoc/")["Content-Security-Policy"]
