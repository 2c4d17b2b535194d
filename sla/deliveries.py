"""Sending the deliveries: every external message (e-mail, SMS) is a row, claimed by one worker at a time
(SKIP LOCKED), sent, and marked sent or failed with its retry time, until it is sent or given up. The rows are
made by sla.notifications; this module only sends them."""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Delivery
from .sms import get_backend

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
STUCK_AFTER = datetime.timedelta(minutes=10)  # a "sending" row older than this belonged to a worker that died
SEND_BATCH = 100  # deliveries claimed at once by a worker (one SMTP connection for them)
SEND_FLUSH = 20  # statuses written in bulk every this many messages


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8, 16 minutes between attempts."""
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


def _due(now: datetime.datetime) -> Q:
    return Q(status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED], next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    )


def claim_deliveries(ids: Iterable[int] | None = None, limit: int = SEND_BATCH) -> list[int]:
    """Claim up to ``limit`` due deliveries (among ``ids`` when given) for this worker: ``SELECT … FOR UPDATE SKIP
    LOCKED LIMIT n`` then ``UPDATE … SET status='sending', attempts=attempts+1`` in one short transaction, so
    overlapping workers take disjoint rows and a row is never sent by two of them."""
    now = timezone.now()
    with transaction.atomic():
        due = Delivery.objects.filter(_due(now))
        if ids is not None:
            due = due.filter(pk__in=list(ids))
        claimed = list(
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if claimed:
            Delivery.objects.filter(pk__in=claimed).update(
                status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return claimed


def send_deliveries(
    ids: Iterable[int] | None = None, *, limit: int = SEND_BATCH, budget: float | None = None
):
    """Claim and send due deliveries in batches of ``limit`` until none is left (among ``ids`` when given) or
    ``budget`` seconds have passed. Returns the count per resulting status."""
    ids = list(ids) if ids is not None else None
    started = time.monotonic()
    counts: dict[str, int] = {}
    while budget is None or time.monotonic() - started < budget:
        claimed = claim_deliveries(ids, limit)
        if not claimed:
            break
        for status in send_claimed(claimed).values():
            counts[status] = counts.get(status, 0) + 1
    return counts


def send_delivery(delivery_id: int) -> str | None:
    """Claim one delivery and send it. Returns the new status, or None when it was not ours to send."""
    claimed = claim_deliveries([delivery_id], 1)
    return send_claimed(claimed).get(delivery_id) if claimed else None


def send_claimed(ids: list[int]) -> dict[int, str]:
    """Send deliveries this worker claimed: e-mails over one SMTP connection, SMS over one gateway session;
    statuses written in bulk every SEND_FLUSH messages (a worker killed in between leaves at most those in
    "sending", sent again after STUCK_AFTER — SMS carry their Idempotency-Key). Returns id → new status."""
    deliveries = list(
        Delivery.objects.filter(pk__in=ids)
        .select_related("notification", "notification__recipient")
        .order_by("pk")
    )
    statuses: dict[int, str] = {}
    sent: list[int] = []
    failed: list[Delivery] = []
    channel = _Channels()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            for delivery in deliveries:
                try:
                    channel.send(delivery)
                except Exception as exc:  # any failure of the channel is recorded and retried
                    failed.append(_failed(delivery, exc))
                else:
                    sent.append(delivery.pk)
                if len(sent) + len(failed) >= SEND_FLUSH:
                    _record(sent, failed, statuses)
            _record(sent, failed, statuses)
    finally:
        channel.close()
    return statuses


def _record(sent: list[int], failed: list[Delivery], statuses: dict[int, str]) -> None:
    if sent:
        Delivery.objects.filter(pk__in=sent).update(status=Delivery.Status.SENT, sent_at=timezone.now())
        statuses.update(dict.fromkeys(sent, Delivery.Status.SENT))
    if failed:
        Delivery.objects.bulk_update(failed, ["status", "next_attempt_at", "last_error"])
        statuses.update({delivery.pk: delivery.status for delivery in failed})
    sent.clear()
    failed.clear()


def _failed(delivery: Delivery, exc: Exception) -> Delivery:
    give_up = delivery.attempts >= MAX_ATTEMPTS
    delivery.status = Delivery.Status.GAVE_UP if give_up else Delivery.Status.FAILED
    delivery.next_attempt_at = None if give_up else timezone.now() + backoff(delivery.attempts)
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    return delivery


class _Channels:
    """The open connections of one batch: the mail backend's (opened at the first e-mail, reopened after an
    error) and the SMS backend."""

    def __init__(self) -> None:
        self.mail = None
        self.sms = None

    def send(self, delivery: Delivery) -> None:
        if delivery.notification_id is None:  # a message to a contact outside the staff: its own text, by SMS
            self._sms().send(delivery.sealed_address, delivery.text, key=f"delivery-{delivery.pk}")
            return
        notification = delivery.notification
        link = (
            settings.SITE_URL.rstrip("/") + notification.url
            if notification.url.startswith("/")
            else notification.url
        )
        context = {"notification": notification, "link": link}
        if delivery.channel == Delivery.Channel.EMAIL:
            subject = render_to_string("sla/email/notification_subject.txt", context).strip()
            body = render_to_string("sla/email/notification_body.txt", context)
            # A stable Message-ID: a message sent again after its worker died (see send_claimed) is the same
            # message to the mail servers and clients that drop repeats by Message-ID.
            domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
            message = EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [delivery.address],
                headers={"Message-ID": f"<delivery-{delivery.pk}@{domain}>"},
            )
            if self.mail is None:
                self.mail = get_connection(fail_silently=False)
                self.mail.open()
            try:
                if self.mail.send_messages([message]) != 1:
                    raise RuntimeError("the mail backend sent nothing")
            except Exception:
                self._close_mail()
                raise
        else:
            text = render_to_string("sla/sms/notification.txt", context).strip()
            self._sms().send(delivery.address, text, key=f"delivery-{delivery.pk}")

    def _sms(self):
        if self.sms is None:
            self.sms = get_backend()
        return self.sms

    def _close_mail(self) -> None:
        mail, self.mail = self.mail, None
        if mail is not None:
            try:
                mail.close()
            except Exception:  # a connection that broke cannot be closed politely
                log.warning("could not close the mail connection", exc_info=True)

    def close(self) -> None:
        self._close_mail()
        if self.sms is not None and hasattr(self.sms, "close"):
            self.sms.close()


def due_delivery_ids(limit: int = 500) -> list[int]:
    return list(
        Delivery.objects.filter(_due(timezone.now()))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
