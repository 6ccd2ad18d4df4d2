"""Run modes: production refuses weak settings and passes check --deploy; the demo data loads twice."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from services.models import Agency, Procedure, RequiredDocument, User

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "x7Qp9Lm2Zr5Tv8Wn1Ys4Bc6Hd0Jf3Kg" * 2


def manage(*args, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DEBUG")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "dvc.example.vn"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "dvc.example.vn"}, "SECRET_KEY"),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "dvc.example.vn", "DEBUG": "true"}, "DEBUG"),
    ],
)
def test_production_mode_refuses_to_start_without_real_settings(env, complaint):
    result = manage("check", DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_mode_passes_check_deploy_with_no_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="dvc.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_loading_the_demo_twice_does_not_duplicate_anything(capsys):
    call_command("seed_demo", "--without-articles")
    counts = [m.objects.count() for m in (Agency, Procedure, RequiredDocument, User)]
    call_command("seed_demo", "--without-articles")
    assert [m.objects.count() for m in (Agency, Procedure, RequiredDocument, User)] == counts
    assert counts[1] == 20
    out = capsys.readouterr().out
    assert "congdan" in out and "motcua" in out and "lanhdao" in out


@pytest.mark.django_db
def test_the_home_page_lists_the_catalog_in_vietnamese_and_english(client):
    call_command("seed_demo", "--without-articles")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đăng ký thành lập hộ kinh doanh" in page
    assert "Danh mục thủ tục hành chính" in page
    full_only = client.get("/?level=full").content.decode()
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" not in full_only
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Administrative procedure catalog" in english


def test_the_workflow_document_is_generated_from_the_current_state_machine():
    from services.management.commands.describe_workflow import render

    assert (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8") == render(), (
        "run: python manage.py describe_workflow"
    )
