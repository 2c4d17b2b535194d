"""/metrics for Prometheus (README, "Metrics"): django-prometheus's request metrics plus the product's own figures.

The product figures are computed at scrape time from the database and the broker, so they are true whatever
process answers the scrape (gunicorn workers and Celery workers share nothing in memory). The request metrics live
in each gunicorn worker: with ``PROMETHEUS_MULTIPROC_DIR`` set, prometheus_client's multiprocess mode sums them
over the workers (config/gunicorn.py marks dead workers).

Not public: a scrape needs ``Authorization: Bearer $METRICS_TOKEN`` or a direct connection (no
``X-Forwarded-For``: through the proxy the address is the proxy's) from ``METRICS_ALLOWED_IPS``; anything else is
the ordinary 404.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

logger = logging.getLogger(__name__)

# kombu's Redis transport keeps a queue's messages of priority p > 0 in "<queue>\x06\x16<p>" (priority steps).
REDIS_PRIORITY_SEP = "\x06\x16"
REDIS_PRIORITY_STEPS = (3, 6, 9)


# --- Access -------------------------------------------------------------------------------------------------
def _networks() -> list:
    networks = []
    for item in settings.METRICS_ALLOWED_IPS:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            logger.error("METRICS_ALLOWED_IPS: %r is not an address or network; ignored", item)
    return networks


def scrape_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False  # through the proxy: REMOTE_ADDR is the proxy's own address, not the scraper's
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in _networks())


# --- The product's figures ----------------------------------------------------------------------------------
def queue_names() -> list[str]:
    return sorted({*settings.QUEUES_BY_TASK.values(), settings.CELERY_TASK_DEFAULT_QUEUE})


def queue_lengths() -> dict[str, int]:
    """Messages waiting in each Celery queue (not those a worker has taken). Raises when the broker is down."""
    names = queue_names()
    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        try:
            with client.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.llen(name)
                    for step in REDIS_PRIORITY_STEPS:
                        pipe.llen(f"{name}{REDIS_PRIORITY_SEP}{step}")
                counts = pipe.execute()
        finally:
            client.close()
        per = 1 + len(REDIS_PRIORITY_STEPS)
        return {name: sum(counts[i * per : (i + 1) * per]) for i, name in enumerate(names)}
    # The embedded filesystem transport: one file per message, named "<ms>_<uuid>.<queue>.msg".
    folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
    lengths = dict.fromkeys(names, 0)
    for entry in os.scandir(folder):
        queue = entry.name.partition(".")[2].removesuffix(".msg")
        if queue in lengths:
            lengths[queue] += 1
    return lengths


@dataclass(frozen=True)
class DatabaseFigures:
    breached_total: dict[str, int]  # policy code -> count
    breached_open: dict[str, int]
    deliveries: dict[tuple[str, str], int]  # (channel, status) -> count
    jobs: dict[tuple[str, str], int]  # (kind, status) -> count
    imports: dict[str, int]  # status -> count


DELIVERY_STATUSES = ("pending", "sending", "failed", "gave_up")
JOB_STATUSES = ("pending", "running", "failed")
IMPORT_STATUSES = ("pending", "running", "failed")


def database_figures() -> DatabaseFigures:
    """Counted in the database: five aggregate queries. The deadline one reads the whole table (no index serves
    "ran past due, ever"): about 0.5 s at 1.5 million deadlines (bench/metrics_scrape.py), hence the cache."""
    from documents.models import Job
    from hospitals.models import HospitalImport
    from sla.models import Deadline, Delivery, SlaPolicy

    code = dict(SlaPolicy.objects.values_list("pk", "code"))
    ran_late = (
        Q(state=Deadline.State.BREACHED)
        | Q(state=Deadline.State.MET, met_at__gt=F("due_at"))
        | Q(state=Deadline.State.CANCELLED, closed_at__gt=F("due_at"))
    )
    breached_total = dict.fromkeys(code.values(), 0)
    breached_open = dict.fromkeys(code.values(), 0)
    for row in (
        Deadline.objects.filter(ran_late)
        .values("policy_id")
        .annotate(late=Count("pk"), open=Count("pk", filter=Q(state=Deadline.State.BREACHED)))
        .order_by()
    ):
        breached_total[code[row["policy_id"]]] = row["late"]
        breached_open[code[row["policy_id"]]] = row["open"]
    deliveries = {(channel, status): 0 for channel in Delivery.Channel.values for status in DELIVERY_STATUSES}
    for row in (
        Delivery.objects.filter(status__in=DELIVERY_STATUSES)
        .values("channel", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        deliveries[(row["channel"], row["status"])] = row["n"]
    jobs = {
        (row["kind"], row["status"]): row["n"]
        for row in Job.objects.filter(status__in=JOB_STATUSES)
        .values("kind", "status")
        .annotate(n=Count("pk"))
        .order_by("kind", "status")
    }
    imports = dict.fromkeys(IMPORT_STATUSES, 0)
    imports.update(
        HospitalImport.objects.filter(status__in=IMPORT_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return DatabaseFigures(breached_total, breached_open, deliveries, jobs, imports)


_cache_lock = threading.Lock()
_cached: tuple[float, DatabaseFigures] | None = None


def cached_database_figures() -> DatabaseFigures:
    """The database figures, computed at most once per METRICS_CACHE_SECONDS in this process: two Prometheus
    servers or a short scrape interval do not multiply the table scans."""
    global _cached
    ttl = settings.METRICS_CACHE_SECONDS
    with _cache_lock:
        now = time.monotonic()
        if _cached is None or ttl <= 0 or now - _cached[0] >= ttl:
            _cached = (now, database_figures())
        return _cached[1]


class ProductCollector:
    """Deadlines breached, deliveries not (yet) sent, queue lengths, print jobs and imports waiting or failed."""

    def collect(self):
        figures = cached_database_figures()
        total = CounterMetricFamily(
            "claims_deadlines_breached",
            "Deadlines that ran past due, ever: still breached, met late or cancelled late.",
            labels=["policy"],
        )
        current = GaugeMetricFamily(
            "claims_deadlines_breached_open",
            "Deadlines breached and still running (not met).",
            labels=["policy"],
        )
        for policy in sorted(figures.breached_total):
            total.add_metric([policy], figures.breached_total[policy])
            current.add_metric([policy], figures.breached_open[policy])
        yield total
        yield current

        deliveries = GaugeMetricFamily(
            "claims_deliveries",
            "E-mail and SMS deliveries not sent (yet): pending, sending, failed (will retry), gave_up.",
            labels=["channel", "status"],
        )
        for (channel, status), count in sorted(figures.deliveries.items()):
            deliveries.add_metric([channel, status], count)
        yield deliveries

        jobs = GaugeMetricFamily(
            "claims_jobs",
            "Background prints and exports waiting, running or failed.",
            labels=["kind", "status"],
        )
        for (kind, status), count in sorted(figures.jobs.items()):
            jobs.add_metric([kind, status], count)
        yield jobs

        imports = GaugeMetricFamily(
            "claims_hospital_imports",
            "Hospital registry imports waiting, running or failed.",
            labels=["status"],
        )
        for status, count in figures.imports.items():
            imports.add_metric([status], count)
        yield imports

        broker_up = GaugeMetricFamily("claims_broker_up", "1 when the Celery broker answered this scrape.")
        try:
            lengths = queue_lengths()
        except Exception:
            logger.warning("metrics: the broker did not answer", exc_info=True)
            broker_up.add_metric([], 0)
        else:
            broker_up.add_metric([], 1)
            queues = GaugeMetricFamily(
                "claims_celery_queue_length", "Messages waiting in each Celery queue.", labels=["queue"]
            )
            for name, length in lengths.items():
                queues.add_metric([name], length)
            yield queues
        yield broker_up


class _ProcessMetrics:
    """This process's own registry (django-prometheus, process and GC figures) when not in multiprocess mode."""

    def collect(self):
        yield from REGISTRY.collect()


def scrape() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessMetrics())
    registry.register(ProductCollector())
    return generate_latest(registry)


@never_cache
@require_GET
def metrics(request):
    if not scrape_allowed(request):
        raise Http404
    return HttpResponse(scrape(), content_type=CONTENT_TYPE_LATEST)
