"""What the fault drills share: a private Redis server that a test may stop and start again (never the machine's),
a real Celery worker subprocess that a test may kill (SIGKILL), and the Celery app of the test process pointed at
the private Redis, so the web side's `enqueue` meets the same broker outage as the worker."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def can_run() -> str | None:
    """Why the drills cannot run here, or None: they need PostgreSQL and Redis, as in CI."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        return "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as in CI"
    if not Path(REDIS_SERVER).exists():
        return "needs the redis-server binary to start a private Redis"
    return None


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what, log=None) -> None:
    """Poll `predicate` until true; else fail with `what` and the worker's log (`log`: a callable)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}" + (f"\n--- worker log ---\n{log()}" if log else ""))


class RedisServer:
    """A throwaway redis-server on a free port, without persistence: a restart loses every queued message, the
    worst case (the production Redis keeps an append-only file; the requeue beats cover both)."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, 10, "the private redis-server to answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def queued(self) -> int:
        """Messages waiting in every queue the workers read."""
        import redis

        client = redis.Redis.from_url(self.url)
        return sum(client.llen(queue) for queue in queues())


def queues() -> list[str]:
    """Every queue a task may be routed to: the default one and those of CELERY_TASK_ROUTES, if any."""
    found = {settings.CELERY_TASK_DEFAULT_QUEUE}
    routes = getattr(settings, "CELERY_TASK_ROUTES", None) or {}
    if isinstance(routes, dict):
        found |= {route["queue"] for route in routes.values() if isinstance(route, dict) and "queue" in route}
    return sorted(found)


@contextlib.contextmanager
def app_broker(url: str):
    """The test process's Celery app publishes to `url` (what the web processes do with REDIS_URL)."""
    from config.celery import app

    def reset() -> None:
        # kombu keeps one connection pool per broker URL in a process-wide registry, and the app's pool is that
        # registry's entry: closing it without clearing the registry left every later publish of this process
        # (other test modules on the same xdist worker) with "Acquire on closed pool".
        from kombu import pools

        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url
    reset()
    app.conf.broker_url = url
    try:
        yield app
    finally:
        reset()
        app.conf.broker_url = before


class Worker:
    """`celery worker` (solo pool) in a subprocess on the test database and the private Redis, started through
    tests/faults/worker.py, which can make it stall at a named point (`stall`) so a kill lands exactly there."""

    def __init__(self, broker: str, log: Path, marker: Path):
        self.broker = broker
        self.log = log
        self.marker = marker
        self.process: subprocess.Popen | None = None

    def start(self, stall: str = "") -> None:
        self.marker.unlink(missing_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.broker,
            "FAULTS_STALL": stall,
            "FAULTS_MARKER": str(self.marker),
            "FAULTS_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the uploads the test process stored
        }
        command = [
            sys.executable,
            "-m",
            "tests.faults.worker",
            "worker",
            "--pool",
            "solo",
            "-Q",
            ",".join(queues()),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )

    def wait_stalled(self, timeout: float = 60) -> None:
        wait_for(self.marker.exists, timeout, "the worker to reach its stall point", self.tail)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, no rollback but the database's own."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def send(task, *args, broker: str) -> None:
    """What beat (or a web process) does: put one message for `task` on the private broker."""
    from config.celery import app

    with app.connection_for_write(broker) as conn:
        task.apply_async(args=args, connection=conn)
