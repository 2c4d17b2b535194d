from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection
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


def _broker_ok() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    """Database and broker reachability (503 when either is down) and, for information, the worker's last beat."""
    database = _database_ok()
    broker = _broker_ok()
    worker = None
    if database:
        beat = last_heartbeat()
        if beat:
            age = timezone.now() - beat
            worker = {"last_beat": beat.isoformat(), "alive": age < datetime.timedelta(minutes=3)}
    body = {
        "status": "ok" if database and broker else "down",
        "database": "ok" if database else "down",
        "broker": "ok" if broker else "down",
        "broker_transport": "redis" if settings.REDIS_URL else "filesystem",
        "worker": worker,
    }
    return JsonResponse(body, status=200 if database and broker else 503)
