"""Liveness (/healthz) and readiness (/readyz) of a web process (README, "Health and readiness")."""

from __future__ import annotations

import datetime
import os
import tempfile

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import last_heartbeat


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


_migrations_complete = False


def _unapplied_migrations() -> list[str]:
    """Migrations this code has that the database has not applied (this code must not serve an older schema).
    Once everything was applied, the answer is kept: a schema does not go back under a running process."""
    global _migrations_complete
    if _migrations_complete:
        return []
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    missing = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    _migrations_complete = not missing
    return missing


def _broker_ok() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        return False


def _media_writable() -> bool:
    """Uploads and issued documents can be written (a full disk or a read-only mount says no)."""
    location = getattr(default_storage, "location", None)
    if not location:  # a remote storage (S3): its own monitoring
        return True
    try:
        os.makedirs(location, exist_ok=True)  # the storage makes it on the first upload
        with tempfile.NamedTemporaryFile(dir=location, prefix=".readyz-") as probe:
            probe.write(b"ok")
            probe.flush()
        return True
    except OSError:
        return False


@never_cache
@require_GET
def healthz(request):
    """Liveness: this process answers requests. It consults nothing else, so a database or broker outage never
    makes an orchestrator restart healthy web processes (that is what /readyz reports)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: the database answers, its migrations are all applied, the broker answers and the media folder is
    writable; 503 naming the checks that failed. The worker's last heartbeat is reported for information only."""
    database = _database_ok()
    checks = {"database": "ok" if database else "down"}
    if database:
        try:
            missing = _unapplied_migrations()
        except Exception:
            missing = ["(could not read the migration table)"]
        checks["migrations"] = "ok" if not missing else "unapplied: " + ", ".join(missing[:10])
    else:
        checks["migrations"] = "unknown (database down)"
    checks["broker"] = "ok" if _broker_ok() else "down"
    checks["media"] = "ok" if _media_writable() else "not writable"
    failed = sorted(name for name, result in checks.items() if result != "ok")
    worker = None
    if database:
        beat = last_heartbeat()
        if beat:
            age = timezone.now() - beat
            worker = {"last_beat": beat.isoformat(), "alive": age < datetime.timedelta(minutes=3)}
    body = {
        "status": "ready" if not failed else "not ready",
        "failed": failed,
        **checks,
        "broker_transport": "redis" if settings.REDIS_URL else "filesystem",
        "worker": worker,
    }
    return JsonResponse(body, status=200 if not failed else 503)
