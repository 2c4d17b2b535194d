"""Structured logs with a request id that follows the work from the web request into the Celery tasks it queued.

- ``RequestIdMiddleware`` (config.middleware) takes a sane ``X-Request-ID`` from the proxy or makes one, binds it
  (and the request) to this context until the response is closed (``request_finished``), answers it as a
  response header and writes one access line per request.
- ``ContextFilter`` (on the console handler) adds ``request_id`` and, when known, ``user_id``, ``org_id``,
  ``method``, ``path`` (in a request) or ``task``, ``task_id`` (in a task) to every record.
- ``JsonFormatter`` writes one JSON object per line (``LOG_FORMAT=json``, the production default).
- Celery signals (connected in config.celery): ``before_task_publish`` puts the current request id in the message
  headers (a task published outside any request or task, i.e. by beat, gets a fresh one), ``task_prerun`` binds it
  in the worker, ``task_postrun`` clears it.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import re
import traceback
import uuid
import zoneinfo
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
# The name of the request id in a Celery message's headers.
TASK_HEADER = "request_id"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


@dataclass(frozen=True)
class LogContext:
    request_id: str
    request: object | None = None  # the HttpRequest being served
    task: str | None = None
    task_id: str | None = None


_context: ContextVar[LogContext | None] = ContextVar("log_context", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str | None:
    """The incoming id if it is one we can log safely (≤ 64 of [A-Za-z0-9._-]); None otherwise."""
    if value and VALID_REQUEST_ID.fullmatch(value):
        return value
    return None


def current_request_id() -> str | None:
    context = _context.get()
    return context.request_id if context else None


def bind(context: LogContext):
    return _context.set(context)


def unbind(token=None) -> None:
    if token is not None:
        _context.reset(token)
    else:
        _context.set(None)


# --- Logging --------------------------------------------------------------------------------------------------
def _known_user(request) -> object | None:
    """The signed-in user if something already loaded it: logging never costs a session or user query."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # SimpleLazyObject until evaluated
    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped


class ContextFilter(logging.Filter):
    """Adds the request or task context to every record (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        record.request_id = context.request_id if context else "-"
        if context is None:
            return True
        request = context.request
        if request is not None:
            for name, value in (("method", request.method), ("path", request.path)):
                if not hasattr(record, name):
                    setattr(record, name, value)
            user = _known_user(request)
            if user is not None:
                record.user_id = user.pk
                record.org_id = getattr(user, "org_id", None)
        if context.task:
            record.task = context.task
            record.task_id = context.task_id
        return True


@functools.cache
def _zone() -> zoneinfo.ZoneInfo:
    # The product's time zone (settings.TIME_ZONE); fixed here so a gunicorn master that has not loaded Django
    # writes the same times.
    return zoneinfo.ZoneInfo("Asia/Shanghai")


_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (aware, ISO 8601), level, logger, message, the context and any ``extra``."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.datetime.fromtimestamp(record.created, _zone()).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc_info"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            data["exc_info"] = record.exc_text
        if record.stack_info:
            data["stack_info"] = record.stack_info
        return json.dumps(data, ensure_ascii=False, default=str)


PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING dict for settings: one console handler, the context filter, plain or JSON lines."""
    if log_format not in {"json", "plain"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'plain', not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "config.observability.ContextFilter"}},
        "formatters": {
            "plain": {"format": PLAIN_FORMAT},
            "json": {"()": "config.observability.JsonFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "weasyprint": {"level": "ERROR"},
            # Django's own console handler (DEBUG) would write its records a second time: the root's is enough.
            "django": {"handlers": [], "level": "INFO"},
            # Django's own per-request lines duplicate our access line (config.access).
            "django.server": {"level": "WARNING"},
        },
    }


# --- Celery ---------------------------------------------------------------------------------------------------
def on_before_task_publish(sender=None, headers=None, **kwargs) -> None:
    """The message carries the id of the request (or task) that queued it; beat's messages get their own."""
    if headers is not None and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = current_request_id() or new_request_id()


def _header(task, name: str) -> str | None:
    request = task.request
    value = (getattr(request, "headers", None) or {}).get(name) or getattr(request, name, None)
    return value if isinstance(value, str) else None


# task id -> the context token to restore after the task (a task run eagerly inside a request gives the request
# its context back; in a worker the previous context is None).
_task_tokens: dict[str, object] = {}


def on_task_prerun(sender=None, task_id=None, task=None, **kwargs) -> None:
    request_id = sane_request_id(_header(task, TASK_HEADER)) if task is not None else None
    token = bind(
        LogContext(
            request_id=request_id or new_request_id(),
            task=getattr(task, "name", None) or str(sender),
            task_id=task_id,
        )
    )
    if task_id:
        _task_tokens[task_id] = token


def on_task_postrun(sender=None, task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None) if task_id else None
    try:
        unbind(token)
    except (ValueError, RuntimeError):  # a token of another context (a thread pool): just clear this one
        unbind()


def on_request_finished(**kwargs) -> None:
    unbind()


def connect_request_signals() -> None:
    from django.core.signals import request_finished

    request_finished.connect(on_request_finished, dispatch_uid="observability-request-finished", weak=False)


def connect_celery_signals() -> None:
    from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun

    before_task_publish.connect(on_before_task_publish, dispatch_uid="observability-publish", weak=False)
    task_prerun.connect(on_task_prerun, dispatch_uid="observability-prerun", weak=False)
    task_postrun.connect(on_task_postrun, dispatch_uid="observability-postrun", weak=False)
    # Celery keeps Django's LOGGING (the JSON lines and the context filter) instead of installing its own.
    setup_logging.connect(_configure_celery_logging, dispatch_uid="observability-logging", weak=False)


def _configure_celery_logging(**kwargs) -> None:
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
