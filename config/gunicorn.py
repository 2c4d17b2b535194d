"""gunicorn settings shared by the Procfile, the image and docker-compose (``gunicorn -c config/gunicorn.py``).

- Logs: gunicorn's own lines go through the product's formatter (JSON in production, LOG_FORMAT); its access log
  stays off, the product writes one access line per request with the request id (config.middleware).
- Metrics: with PROMETHEUS_MULTIPROC_DIR set (an empty directory writable by the app, a tmpfs in
  docker-compose), every worker writes its request metrics there and /metrics sums them; the directory is emptied
  when gunicorn starts and a worker's files are marked dead when it exits (README, "Metrics").
Bind address, worker count and threads are given on the command line.
"""

import os
import shutil
from pathlib import Path

from config.env import env_bool

LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("plain" if env_bool("DJANGO_DEBUG", False) else "json")
MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")

accesslog = None
# Kept-alive connections stay open longer than the proxy's (or a client's) idle reuse: when gunicorn closes first
# (its default is 2 s), a request sent on the connection at that moment fails with no answer at all (found by the
# load test, bench/README.md "Load — issue 14"). nginx keeps upstream connections 60 s by default.
keepalive = 75
worker_class = "gthread"  # threads per worker from --threads; keep-alive is only honoured by threaded workers
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "config.observability.ContextFilter"}},
    "formatters": {
        "json": {"()": "config.observability.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
            "qualname": "gunicorn.error",
        },
        "gunicorn.access": {
            "level": "WARNING",
            "handlers": [],
            "propagate": False,
            "qualname": "gunicorn.access",
        },
    },
}


def on_starting(server):
    """A fresh start forgets the previous run's per-process metric files."""
    if MULTIPROC_DIR:
        path = Path(MULTIPROC_DIR)
        path.mkdir(parents=True, exist_ok=True)
        for entry in path.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def child_exit(server, worker):
    """A worker that exited (restarted, killed) stops counting in the live gauges."""
    if MULTIPROC_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
