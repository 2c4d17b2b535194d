"""Issue 14, point 4: the green-channel network-list import runs in the web request (no worker): the web process
killed (SIGKILL) while the import is writing its rows, before the commit. PostgreSQL rolls the transaction back —
no version, no rows, the product's import lock released — and the same file imported again makes version 1, once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from green_channel.models import NetworkEntry, NetworkListVersion, ServiceProduct
from organization.roles import Role
from tests.conftest import client_for
from tests.faults.support import ROOT, database_url, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROWS = 1000


def network_csv() -> bytes:
    lines = ["城市,医院,科室"] + [f"长春市,压力测试医院{i:04d},肿瘤科" for i in range(ROWS)]
    return "\r\n".join(lines).encode("utf-8")


def test_web_process_killed_mid_import_leaves_nothing_and_the_import_runs_again(orgs, make_user, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL), as in CI")
    agent = make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username="hq_agent")
    product = ServiceProduct.objects.get(code="cancer-31-cities")
    url = reverse("green_channel:network_import", args=[product.code])
    upload = tmp_path / "网络医院.csv"
    upload.write_bytes(network_csv())
    marker, log = tmp_path / "stalled", tmp_path / "web.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "FAULTS_MARKER": str(marker),
        "REDIS_URL": settings.REDIS_URL or "",
    }
    web = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.web_process", str(agent.pk), url, str(upload)],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(marker.exists, 60, "the import to write its rows", lambda: log.read_text(errors="replace"))
        os.kill(web.pid, signal.SIGKILL)
        web.wait(10)
    finally:
        if web.poll() is None:
            web.kill()
            web.wait(10)

    assert not NetworkListVersion.objects.filter(product=product).exists()
    assert not NetworkEntry.objects.exists()

    # The same file again (the person saw an error page and retries): imported once, as version 1. It would wait
    # for ever on the product's lock if the dead process still held it (here: fails after 10 s).
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '10s'")
    response = client_for(agent).post(url, {"file": SimpleUploadedFile(upload.name, upload.read_bytes())})
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")
    assert response.status_code == 302
    (version,) = NetworkListVersion.objects.filter(product=product)
    assert (version.number, version.entry_count, version.is_current) == (1, ROWS, True)
    assert NetworkEntry.objects.filter(version=version).count() == ROWS == NetworkEntry.objects.count()
