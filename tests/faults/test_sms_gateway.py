"""Issue 14, point 4: the SMS gateway times out or answers 500 (a tiny local HTTP server as the `http` backend of
sla.sms). The delivery is kept for a retry with backoff; every attempt carries the same Idempotency-Key, so a
gateway that accepted a message but answered too late drops the repeat: the person gets it once. After
MAX_ATTEMPTS failures the delivery gives up, and HQ administrators see it. Driven through the public entry points
(the worker's tasks `deliver` and `retry_deliveries`) and the Delivery rows, not the delivery internals."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from organization.roles import Role
from sla.models import Delivery
from sla.notifications import MAX_ATTEMPTS, Contact, Message, notify, send_messages
from sla.tasks import deliver, retry_deliveries
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TIMEOUT = 0.3  # seconds the product waits for the gateway (SMS_HTTP_TIMEOUT)


class Gateway:
    """An SMS gateway that honours Idempotency-Key: a key it accepted once is not sent to the phone again.
    `mode`: "ok", "500" (refuses, sends nothing) or "slow" (sends, then answers after the product gave up)."""

    def __init__(self):
        self.mode = "ok"
        self.requests: list[dict] = []  # every POST: key, to, text
        self.phone: dict[str, list[str]] = {}  # what reached each phone
        self.accepted: set[str] = set()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers.get("Idempotency-Key", "")
                gateway.requests.append({"key": key, **body})
                if gateway.mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if key not in gateway.accepted:
                    gateway.accepted.add(key)
                    gateway.phone.setdefault(body["to"], []).append(body["text"])
                if gateway.mode == "slow":
                    time.sleep(TIMEOUT * 3)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                # "slow": the product stopped waiting and closed the connection.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(b'{"status": "queued"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sms"


@pytest.fixture
def gateway(settings):
    gateway = Gateway()
    gateway.thread.start()
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = gateway.url
    settings.SMS_HTTP_TOKEN = "test-token"
    settings.SMS_HTTP_TIMEOUT = TIMEOUT
    yield gateway
    gateway.server.shutdown()
    gateway.server.server_close()


def backoff_elapses(delivery: Delivery) -> None:
    """Time passes until the delivery's next attempt is due (instead of waiting minutes)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timezone.timedelta(seconds=1)
    )


def reload(delivery: Delivery) -> Delivery:
    delivery.refresh_from_db()
    return delivery


def test_a_timeout_then_a_500_are_retried_with_backoff_and_the_person_gets_the_sms_once(
    gateway, orgs, make_user
):
    handler = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, phone="13800000001", email="")
    notify([handler], kind="testapp.message", context={"title": "报案12345 即将超时"})
    sms = Delivery.objects.get(channel=Delivery.Channel.SMS)

    # 1. The gateway takes the message but answers after the product stopped waiting: a failure, retried later.
    gateway.mode = "slow"
    before = timezone.now()
    deliver([sms.pk])
    sms = reload(sms)
    assert (sms.status, sms.attempts) == (Delivery.Status.FAILED, 1)
    assert "timed out" in sms.last_error or "unreachable" in sms.last_error
    assert sms.next_attempt_at >= before + timezone.timedelta(minutes=1)  # backoff: not at once
    # Beat's retry task and a repeated message both find it not yet due: nothing is sent meanwhile.
    retry_deliveries()
    deliver([sms.pk])
    assert len(gateway.requests) == 1 and reload(sms).attempts == 1

    # 2. Due again; the gateway answers 500: a failure, a longer backoff.
    gateway.mode = "500"
    backoff_elapses(sms)
    before = timezone.now()
    assert retry_deliveries() == 1
    sms = reload(sms)
    assert (sms.status, sms.attempts) == (Delivery.Status.FAILED, 2)
    assert "500" in sms.last_error
    assert sms.next_attempt_at >= before + timezone.timedelta(minutes=2)

    # 3. The gateway recovers: sent, with the same key every time, so the phone got the message exactly once.
    gateway.mode = "ok"
    backoff_elapses(sms)
    retry_deliveries()
    sms = reload(sms)
    assert (sms.status, sms.attempts) == (Delivery.Status.SENT, 3) and sms.sent_at is not None
    keys = {request["key"] for request in gateway.requests}
    assert len(gateway.requests) == 3 and keys == {f"delivery-{sms.pk}"}
    assert gateway.phone == {"13800000001": [gateway.requests[0]["text"]]}
    assert "报案12345" in gateway.requests[0]["text"]

    # 4. Sent is final: later sweeps and a repeated message send nothing more.
    backoff_elapses(sms)
    retry_deliveries()
    deliver([sms.pk])
    assert len(gateway.requests) == 3 and reload(sms).attempts == 3


def test_after_every_attempt_fails_the_sms_gives_up_and_hq_administrators_see_it(gateway, orgs, make_user):
    hq_admin = make_user(orgs.hq, Role.ADMINISTRATOR, username="hq_admin")
    branch_manager = make_user(orgs.jilin, Role.BRANCH_MANAGER, username="jl_manager")
    (delivery_id,) = send_messages(
        [
            Message(
                Contact(mobile="13900001111", name="韩梅梅"),
                kind="testapp.message",
                context={"title": "预约提醒"},
            )
        ]
    )
    sms = Delivery.objects.get(pk=delivery_id)
    gateway.mode = "500"
    home = reverse("home")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert 'data-testid="delivery-banner"' not in client_for(hq_admin).get(home).content.decode()
        backoff_elapses(sms)
        retry_deliveries()
        sms = reload(sms)
        assert sms.attempts == attempt
    assert sms.status == Delivery.Status.GAVE_UP and sms.next_attempt_at is None
    assert len(gateway.requests) == MAX_ATTEMPTS and not gateway.phone
    # Given up: no sweep tries it again, and it is visible to HQ's administrators (not to a branch manager).
    Delivery.objects.filter(pk=sms.pk).update(next_attempt_at=timezone.now() - timezone.timedelta(days=1))
    retry_deliveries()
    deliver([sms.pk])
    assert len(gateway.requests) == MAX_ATTEMPTS
    assert 'data-testid="delivery-banner"' in client_for(hq_admin).get(home).content.decode()
    assert 'data-testid="delivery-banner"' not in client_for(branch_manager).get(home).content.decode()
