"""Structured logs with a request id carried into the Celery tasks a request queues (issue 14, point 5)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.urls import reverse
from kombu.messaging import Producer

from config import observability
from tests.conftest import client_for


@pytest.fixture
def log_lines():
    """The JSON lines the production handler would write (its formatter and filter), as parsed objects."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(observability.JsonFormatter())
    handler.addFilter(observability.ContextFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]  # every line is valid JSON

    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def published(monkeypatch):
    """Task messages as they would go to the broker (headers, body, queue), kept here instead of sent."""
    messages = []

    def publish(self, body, routing_key=None, headers=None, **kwargs):
        messages.append({"body": body, "headers": dict(headers or {}), "queue": routing_key})

    monkeypatch.setattr(Producer, "publish", publish)
    return messages


def run_in_process(message) -> None:
    """What the worker does with a message: run its task with the message's headers (task_prerun/postrun fire)."""
    from config.celery import app

    args, kwargs, _embed = message["body"]
    app.tasks[message["headers"]["task"]].apply(args=args, kwargs=kwargs, headers=message["headers"])


@pytest.mark.django_db(transaction=True)
def test_a_request_and_the_task_it_queued_log_the_same_request_id(claims_head, log_lines, published):
    """A transactional test: the job is queued when the view's transaction commits, inside the request."""
    client = client_for(claims_head)
    response = client.post(reverse("hospitals:export"), HTTP_X_REQUEST_ID="lb-7f3a.2_x")
    assert response.status_code == 302
    assert response["X-Request-ID"] == "lb-7f3a.2_x"
    (message,) = published
    assert message["headers"]["request_id"] == "lb-7f3a.2_x"
    assert message["queue"] == "printing"  # exports and prints go to the printing workers

    run_in_process(message)

    lines = log_lines()
    (access,) = [line for line in lines if line["logger"] == "config.access"]
    assert access["request_id"] == "lb-7f3a.2_x"
    assert (access["method"], access["path"], access["status"]) == ("POST", reverse("hospitals:export"), 302)
    assert access["user_id"] == claims_head.pk and access["org_id"] == claims_head.org_id
    assert isinstance(access["duration_ms"], float)
    (task_line,) = [line for line in lines if line["logger"] == "celery.app.trace"]
    assert "succeeded" in task_line["message"]
    assert task_line["request_id"] == "lb-7f3a.2_x"
    assert task_line["task"] == "documents.tasks.run_job"
    # After the task, the worker's context is clear: the next line belongs to no request.
    assert observability.current_request_id() is None


@pytest.mark.parametrize(
    "forged",
    ["abc\r\nSet-Cookie: x=1", "<script>alert(1)</script>", "a" * 65, "id with spaces", "请求", ""],
)
def test_a_forged_or_unusable_request_id_is_replaced(client, db, forged):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=forged)
    given = response["X-Request-ID"]
    assert given != forged
    assert observability.VALID_REQUEST_ID.fullmatch(given)


def test_every_response_gets_a_request_id_of_its_own(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second and len(first) == 32


def test_a_task_queued_outside_any_request_gets_its_own_id(db, published):
    """What beat sends: no request behind it, so the message carries a fresh id, different each time."""
    from workflow.tasks import heartbeat

    heartbeat.delay()
    heartbeat.delay()
    ids = [message["headers"]["request_id"] for message in published]
    assert len(set(ids)) == 2 and all(observability.VALID_REQUEST_ID.fullmatch(i) for i in ids)


def test_a_task_with_a_bad_id_in_its_headers_logs_under_a_new_one(db, log_lines, published):
    from workflow.tasks import heartbeat

    heartbeat.delay()
    (message,) = published
    message["headers"]["request_id"] = "bad id\n"
    run_in_process(message)
    (line,) = [line for line in log_lines() if line["logger"] == "celery.app.trace"]
    assert line["request_id"] != "bad id\n" and observability.VALID_REQUEST_ID.fullmatch(line["request_id"])


def test_json_lines_carry_exceptions_and_non_ascii_text(log_lines):
    logger = logging.getLogger("tests.observability")
    try:
        raise ValueError("坏的输入")
    except ValueError:
        logger.exception("导入失败 %s", 7, extra={"import_id": 7})
    (line,) = log_lines()
    assert line["message"] == "导入失败 7" and line["import_id"] == 7 and line["level"] == "ERROR"
    assert "ValueError: 坏的输入" in line["exc_info"]
    assert line["time"].endswith("+08:00")  # Asia/Shanghai
    assert line["request_id"] == "-"


def test_production_logs_are_json_and_development_logs_plain(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    json_config = observability.logging_config(log_format="json", level="INFO")
    assert json_config["handlers"]["console"]["formatter"] == "json"
    assert (
        "request_id"
        in observability.logging_config(log_format="plain", level="INFO")["formatters"]["plain"]["format"]
    )
    with pytest.raises(ImproperlyConfigured):
        observability.logging_config(log_format="xml", level="INFO")


def test_a_task_run_eagerly_inside_a_request_gives_the_request_its_id_back(db):
    from workflow.tasks import heartbeat

    token = observability.bind(observability.LogContext(request_id="outer-request"))
    try:
        heartbeat.apply()
        assert observability.current_request_id() == "outer-request"
    finally:
        observability.unbind(token)
