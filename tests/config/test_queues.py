"""Separate Celery queues (issue 14, point 5): every task the product defines lands on a queue that a worker of
the Procfile (make run) and of docker-compose.yml consumes."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from config.celery import app

ROOT = Path(settings.BASE_DIR)


def product_tasks() -> set[str]:
    app.loader.import_default_modules()  # autodiscovery: every app's tasks.py
    return {name for name in app.tasks if not name.startswith("celery.")}


def routed_queue(name: str) -> str:
    route = app.amqp.router.route({}, name)
    return route["queue"].name


def queues_of(command: str) -> set[str]:
    match = re.search(r"""(?:-Q|--queues)["',\s=]+([\w,]+)""", command)
    assert match, f"a worker without -Q consumes only the default queue: {command}"
    return set(match.group(1).split(","))


def procfile_queues() -> set[str]:
    (line,) = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:")]
    return queues_of(line)


def compose_workers() -> dict[str, set[str]]:
    """{service: queues} for every compose service that runs `celery ... worker`."""
    text = (ROOT / "docker-compose.yml").read_text()
    workers = {}
    for service, body in re.findall(r"^  ([\w-]+):\n((?:    .*\n|\n)+)", text, flags=re.MULTILINE):
        command = re.search(r"^    command: (.*)$", body, flags=re.MULTILINE)
        if command and '"worker"' in command.group(1):
            workers[service] = queues_of(command.group(1))
    return workers


def test_the_product_tasks_are_found():
    tasks = product_tasks()
    assert {"sla.tasks.sweep_deadlines", "sla.tasks.deliver", "documents.tasks.run_job"} <= tasks


def test_the_sweep_deliveries_imports_and_prints_each_have_their_queue():
    assert routed_queue("sla.tasks.sweep_deadlines") == "sweep"
    assert routed_queue("sla.tasks.deliver") == "deliveries"
    assert routed_queue("sla.tasks.retry_deliveries") == "deliveries"
    assert routed_queue("hospitals.tasks.run_import") == "imports"
    assert routed_queue("documents.tasks.run_job") == "printing"
    assert routed_queue("workflow.tasks.heartbeat") == "celery"


def test_every_task_is_consumed_by_the_procfile_worker():
    consumed = procfile_queues()
    for name in sorted(product_tasks()):
        assert routed_queue(name) in consumed, f"{name} → {routed_queue(name)}: no Procfile worker takes it"


def test_every_task_is_consumed_by_a_compose_worker_and_the_sweep_never_waits_behind_a_print():
    workers = compose_workers()
    assert len(workers) >= 2, workers
    consumed = set().union(*workers.values())
    for name in sorted(product_tasks()):
        assert routed_queue(name) in consumed, f"{name} → {routed_queue(name)}: no compose worker takes it"
    for service, queues in workers.items():
        if "sweep" in queues or "deliveries" in queues:
            assert not queues & {"printing", "imports"}, f"{service} mixes the sweep with slow work"


def test_beat_sends_only_tasks_that_exist():
    tasks = product_tasks()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in tasks
