"""A real Celery worker for the fault drills (`python -m tests.faults.worker worker …`), able to stall at a named
point so that the drill's SIGKILL lands exactly there. FAULTS_STALL names the point; on reaching it the worker
creates the FAULTS_MARKER file and sleeps until it is killed.

- ``render``: a print has reserved its document number and is rendering the PDF (documents.services.render_pdf);
- ``finish``: a job's work is done (its document registered), the job is not marked done yet (documents.jobs._finish);
- ``import``: a registry import has inserted its hospitals in its transaction, not committed yet
  (hospitals.imports.process._create_all).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _stall() -> None:
    Path(os.environ["FAULTS_MARKER"]).touch()
    time.sleep(600)


def install(point: str) -> None:
    if point == "render":
        from documents import services

        render = services.render_pdf

        def stalled_render(*args, **kwargs):
            _stall()
            return render(*args, **kwargs)

        services.render_pdf = stalled_render
    elif point == "finish":
        from documents import jobs

        finish = jobs._finish

        def stalled_finish(*args, **kwargs):
            _stall()
            return finish(*args, **kwargs)

        jobs._finish = stalled_finish
    elif point == "import":
        from hospitals.imports import process

        create_all = process._create_all

        def stalled_create_all(*args, **kwargs):
            create_all(*args, **kwargs)
            _stall()

        process._create_all = stalled_create_all
    elif point:
        raise SystemExit(f"unknown FAULTS_STALL {point!r}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = os.environ.get("FAULTS_MEDIA_ROOT") or settings.MEDIA_ROOT
    install(os.environ.get("FAULTS_STALL", ""))
    from config.celery import app

    app.worker_main(sys.argv[1:])


if __name__ == "__main__":
    main()
