"""Every entry point runs in production mode unless development is asked for (issue 7, point 10)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def _run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, str(BASE / "manage.py"), *args],
        cwd=BASE,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_manage_py_without_debug_is_production_and_refuses_to_run_without_a_secret():
    """A shell on a production host that forgot DJANGO_DEBUG must not silently use the development key."""
    result = _run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_manage_py_runs_in_development_when_asked():
    result = _run_manage("check", DJANGO_DEBUG="1", VAR_DIR=str(BASE / "var" / "test-entry-points"))
    assert result.returncode == 0, result.stderr


def test_no_entry_point_turns_debug_on_by_itself():
    for path in ("manage.py", "config/wsgi.py", "config/asgi.py", "config/celery.py"):
        source = (BASE / path).read_text(encoding="utf-8")
        assert 'setdefault("DJANGO_DEBUG"' not in source, path


def test_production_refuses_to_run_without_the_personal_data_keys():
    """ID numbers and mobiles are encrypted with DJANGO_PII_KEYS: production must not fall back to a known key."""
    result = _run_manage("check", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="claims.example.com")
    assert result.returncode != 0
    assert "DJANGO_PII_KEYS must be set" in result.stderr
