"""Liveness (/healthz) and readiness (/readyz): README, "Health and readiness"."""

import datetime

from django.utils import timezone

from workflow.models import WorkerHeartbeat
from workflow.tasks import heartbeat


def test_healthz_is_liveness_and_consults_nothing(db, client, monkeypatch):
    """An orchestrator restarts a process whose liveness fails: a database or broker outage must not do that."""
    from config.celery import app
    from workflow import views

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_ok(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ready" and body["failed"] == []
    assert (body["database"], body["migrations"], body["broker"], body["media"]) == ("ok", "ok", "ok", "ok")


def test_readyz_503_when_broker_down(db, client, monkeypatch):
    from config.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"] and response.json()["database"] == "ok"


def test_readyz_503_when_database_down(db, client, monkeypatch):
    from workflow import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "down" and "database" in response.json()["failed"]


def test_readyz_503_names_the_migrations_not_applied(db, client, monkeypatch):
    """New code against a database nobody migrated yet: not ready, and which migrations are missing."""
    from django.db.migrations.recorder import MigrationRecorder

    from workflow import views

    monkeypatch.setattr(views, "_migrations_complete", False)
    last = MigrationRecorder.Migration.objects.filter(app="sla").order_by("-id").first()
    last.delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]
    assert f"sla.{last.name}" in response.json()["migrations"]


def test_readyz_503_when_media_is_not_writable(db, client, settings, tmp_path):
    """A media folder that cannot be written (here: its parent is a file; also a full disk, a read-only mount)."""
    from django.core.files.storage import default_storage

    (tmp_path / "volume").write_bytes(b"not a directory")
    settings.MEDIA_ROOT = str(tmp_path / "volume" / "media")
    assert default_storage.location == settings.MEDIA_ROOT
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failed"] == ["media"]


def test_heartbeat_task_reports_worker_alive(db, client):
    heartbeat()
    assert client.get("/readyz").json()["worker"]["alive"] is True
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(minutes=10))
    assert client.get("/readyz").json()["worker"]["alive"] is False


def test_healthz_and_readyz_refuse_post(db, client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
