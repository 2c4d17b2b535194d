"""Times sending the deliveries of one sweep burst (29,000: 14,500 notifications × e-mail + SMS) by real Celery workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sweep REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/deliveries.py --workers 1 2 4

Creates a throwaway test database (``test_<name>``), seeds the 100,000 deadlines of bench/sla_sweep.py and sweeps
them once (hand-off to Celery patched out), which leaves 29,000 pending deliveries. Then, for each worker count N:
every delivery is reset to pending, ``celery worker --concurrency N`` (prefork, N processes, the real
``sla.tasks.deliver`` task) is started on a queue of its own in the given Redis database, and the deliveries are
handed to it the way the sweep does after each batch commits (``sla.notifications._enqueue``). Measured: wall time
from the first hand-off until every delivery is sent, deliveries per second, and the machine's load average.

E-mail goes over the real smtplib path (Django's SMTP backend) to a small local SMTP sink; SMS through the ``http``
backend to a small local HTTP gateway stub (both asyncio servers in a process of their own). Checked: every
delivery sent once (status ``sent``, one attempt), the sink received exactly one e-mail per e-mail delivery and the
stub exactly one SMS per SMS delivery (no Idempotency-Key twice). PostgreSQL and Redis only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["CELERY_QUEUE"] = "bench-deliveries"
REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ["REDIS_URL"] = REDIS

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


# --- the sinks ------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def smtp_session(reader, writer, stats) -> None:
    """Just enough SMTP for smtplib: greet, accept every sender, recipient and message, count the messages."""
    writer.write(b"220 sink ESMTP\r\n")
    while line := await reader.readline():
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            writer.write(b"250-sink\r\n250 8BITMIME\r\n")
        elif verb == b"DATA":
            writer.write(b"354 go on\r\n")
            await writer.drain()
            await reader.readuntil(b"\r\n.\r\n")
            stats["email"] += 1
            writer.write(b"250 queued\r\n")
        elif verb == b"QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:  # MAIL, RCPT, RSET, NOOP
            writer.write(b"250 ok\r\n")
        await writer.drain()
    writer.close()


async def http_session(reader, writer, stats) -> None:
    """A JSON SMS gateway: 200 for every POST, counts messages and repeated Idempotency-Keys; GET returns counts."""
    while True:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            break
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
        body = await reader.readexactly(int(headers.get("content-length", 0)))
        if lines[0].startswith("GET /reset"):  # a new run: its keys are counted afresh
            stats["keys"].clear()
        if lines[0].startswith("GET"):
            answer = json.dumps({"sms": stats["sms"], "repeated": stats["repeated"], "email": stats["email"]})
        else:
            key = headers.get("idempotency-key", "")
            stats["repeated"] += key in stats["keys"]
            stats["keys"].add(key)
            stats["sms"] += bool(body)
            answer = "{}"
        close = headers.get("connection", "").lower() == "close"
        writer.write(
            f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(answer)}\r\n"
            f"Connection: {'close' if close else 'keep-alive'}\r\n\r\n{answer}".encode()
        )
        await writer.drain()
        if close:
            break
    writer.close()


def serve(smtp_port: int, http_port: int) -> None:
    stats = {"email": 0, "sms": 0, "repeated": 0, "keys": set()}

    async def main():
        await asyncio.start_server(lambda r, w: smtp_session(r, w, stats), "127.0.0.1", smtp_port)
        await asyncio.start_server(lambda r, w: http_session(r, w, stats), "127.0.0.1", http_port)
        await asyncio.Event().wait()

    asyncio.run(main())


def sink_counts(http_port: int, path: str = "stats") -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/{path}", timeout=5) as response:
        return json.loads(response.read())


# --- the workers ----------------------------------------------------------------------------------------------
def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def start_worker(n: int, database: str, smtp_port: int, http_port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.deliveries_settings",
        "DATABASE_URL": database_url(database),
        "REDIS_URL": REDIS,
        "CELERY_QUEUE": "bench-deliveries",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SMS_BACKEND": "http",
        "SMS_HTTP_URL": f"http://127.0.0.1:{http_port}/sms",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--concurrency",
        str(n),
        "-Q",
        "bench-deliveries",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "WARNING",
    ]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # noqa: S603
    return worker


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2, 4], help="worker processes (default 1 2 4)"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "Run it on PostgreSQL (DATABASE_URL) with Redis (REDIS_URL): the workers share the database."
        )
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(connection.settings_dict["NAME"], args.workers)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old, verbosity=0)


def run(database: str, worker_counts: list[int]) -> None:
    import redis
    from django.utils import timezone

    from bench.sla_sweep import NOW, seed
    from sla import notifications
    from sla.models import Delivery
    from sla.services.sweep import sweep

    started = time.perf_counter()
    expected = seed()
    real_enqueue = notifications._enqueue
    handed: list[list[int]] = []
    notifications._enqueue = handed.append  # keep the sweep's hand-offs, replay them to the worker below
    result = sweep(now=NOW)
    notifications._enqueue = real_enqueue
    total = Delivery.objects.count()
    print(
        f"database {database}; broker {REDIS}; seeded and swept in {time.perf_counter() - started:.0f} s: "
        f"{result.warned + result.breached:,} due deadlines, {result.notifications:,} notifications, {total:,} "
        f"deliveries pending (expected {expected['deliveries']:,}) in {len(handed)} hand-offs"
    )
    smtp_port, http_port = free_port(), free_port()
    connection.close()  # the forked sinks must not share this process's database connection
    sinks = multiprocessing.get_context("fork").Process(
        target=serve, args=(smtp_port, http_port), daemon=True
    )
    sinks.start()
    for _ in range(600):  # until both sinks listen
        try:
            sink_counts(http_port)
            socket.create_connection(("127.0.0.1", smtp_port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    log_dir = Path(tempfile.gettempdir())
    try:
        for n in worker_counts:
            Delivery.objects.update(
                status=Delivery.Status.PENDING,
                attempts=0,
                next_attempt_at=timezone.now(),
                claimed_at=None,
                sent_at=None,
            )
            redis.Redis.from_url(REDIS).delete("bench-deliveries")
            before = sink_counts(http_port, "reset")
            log = log_dir / f"bench-deliveries-{n}.log"
            worker = start_worker(n, database, smtp_port, http_port, log)
            try:
                time.sleep(8.0)  # the worker processes are up (their start is not part of the figure)
                load = os.getloadavg()
                start = time.perf_counter()
                for ids in handed:
                    notifications._enqueue(ids)
                done = 0
                while done < total and time.perf_counter() - start < 900:
                    time.sleep(0.25)
                    done = Delivery.objects.filter(status=Delivery.Status.SENT).count()
                wall = time.perf_counter() - start
            finally:
                stop(worker)
            after = sink_counts(http_port)
            emails, sms = after["email"] - before["email"], after["sms"] - before["sms"]
            statuses = dict(Delivery.objects.values_list("status").annotate(n=django.db.models.Count("pk")))
            attempts = set(Delivery.objects.values_list("attempts", flat=True).distinct())
            print(
                f"\n{n} worker process(es): {done:,} of {total:,} sent in {wall:.1f} s = {done / wall:,.0f} per second"
                f" ({done / wall / n:,.0f} per process); load average at the start {load[0]:.2f}, at the end "
                f"{os.getloadavg()[0]:.2f}\n  statuses {statuses}; attempts {sorted(attempts)}; the SMTP sink "
                f"received {emails:,} e-mails, the SMS stub {sms:,} messages, repeated keys "
                f"{after['repeated'] - before['repeated']}"
            )
            email_rows = Delivery.objects.filter(channel="email").count()
            assert done == total and attempts == {1}, (statuses, attempts, log.read_text()[-3000:])
            assert emails == email_rows and sms == total - email_rows, (emails, sms)
    finally:
        sinks.terminate()


if __name__ == "__main__":
    main()
