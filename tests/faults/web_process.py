"""A web process for the fault drills (`python -m tests.faults.web_process <user id> <url> <file>`): posts the
file to the page as the user through Django's request handling (what a gunicorn worker runs), and stalls when the
import has written its rows in its transaction, before the commit, so the drill's SIGKILL lands there. Creates
FAULTS_MARKER on reaching that point."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(user_id: str, url: str, path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from green_channel.models import NetworkEntry
    from organization.models import User

    manager = NetworkEntry.objects
    bulk_create = manager.bulk_create

    def stalled_bulk_create(*args, **kwargs):
        created = bulk_create(*args, **kwargs)
        Path(os.environ["FAULTS_MARKER"]).touch()
        time.sleep(600)
        return created

    manager.bulk_create = stalled_bulk_create
    client = Client()
    client.force_login(User.objects.get(pk=int(user_id)))
    data = Path(path).read_bytes()
    client.post(url, {"file": SimpleUploadedFile(Path(path).name, data)})


if __name__ == "__main__":
    main(*sys.argv[1:4])
