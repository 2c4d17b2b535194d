import datetime

from django.utils import timezone

from workflow.models import WorkerHeartbeat
from workflow.tasks import heartbeat


def test_healthz_ok(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok" and response.json()["broker"] == "ok"


def test_healthz_503_when_broker_down(db, client, monkeypatch):
    from config.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down" and response.json()["database"] == "ok"


def test_healthz_503_when_database_down(db, client, monkeypatch):
    from workflow import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "down"


def test_heartbeat_task_reports_worker_alive(db, client):
    heartbeat()
    assert client.get("/healthz").json()["worker"]["alive"] is True
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(minutes=10))
    assert client.get("/healthz").json()["worker"]["alive"] is False


def test_healthz_refuses_post(db, client):
    assert client.post("/healthz").status_code == 405
