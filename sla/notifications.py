"""One call fans a notification out to the inbox bell, e-mail and SMS; every external delivery is a row with
its status, retried with backoff until it is sent or given up (visible to administrators)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Delivery, Notification
from .sms import SmsError, get_backend

MAX_ATTEMPTS = 6
STUCK_AFTER = datetime.timedelta(minutes=10)  # a "sending" row older than this belonged to a worker that died


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8, 16 minutes between attempts."""
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


def deliveries_for(notification: Notification, channels: Iterable[str]) -> list[Delivery]:
    user = notification.recipient
    rows = []
    if Delivery.Channel.EMAIL in channels and user.email:
        rows.append(Delivery(notification=notification, channel=Delivery.Channel.EMAIL, address=user.email))
    if Delivery.Channel.SMS in channels and user.phone:
        rows.append(Delivery(notification=notification, channel=Delivery.Channel.SMS, address=user.phone))
    now = timezone.now()
    for row in rows:
        row.next_attempt_at = now
    return rows


def notify(
    recipients: Iterable,
    *,
    title: str,
    body: str = "",
    url: str = "",
    subject: models.Model | None = None,
    level: str = Notification.Level.INFO,
    dedupe_key: str = "",
    channels: Iterable[str] = (Delivery.Channel.EMAIL, Delivery.Channel.SMS),
) -> list[Notification]:
    """Notify each recipient once (per dedupe_key when given). External sends start after the commit."""
    content_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    created = []
    channels = tuple(channels)
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        notification = Notification.objects.create(
            recipient=user,
            title=title,
            body=body,
            url=url,
            level=level,
            content_type=content_type,
            object_id=subject.pk if subject is not None else None,
            dedupe_key=dedupe_key,
        )
        created.append(notification)
        Delivery.objects.bulk_create(deliveries_for(notification, channels))
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _enqueue_for_notifications(ids))
    return created


def _enqueue_for_notifications(notification_ids: list[int]) -> None:
    from .tasks import deliver

    ids = list(Delivery.objects.filter(notification_id__in=notification_ids).values_list("pk", flat=True))
    if ids:
        deliver.delay(ids)


def send_delivery(delivery_id: int) -> str | None:
    """Claim one delivery and send it. Returns the new status, or None when it was not ours to send."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        Q(status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED], next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - STUCK_AFTER),
        pk=delivery_id,
    ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=models.F("attempts") + 1)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("notification", "notification__recipient").get(pk=delivery_id)
    try:
        _send(delivery)
    except Exception as exc:  # any failure of the channel is recorded and retried
        give_up = delivery.attempts >= MAX_ATTEMPTS
        delivery.status = Delivery.Status.GAVE_UP if give_up else Delivery.Status.FAILED
        delivery.next_attempt_at = None if give_up else timezone.now() + backoff(delivery.attempts)
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
        return delivery.status
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return delivery.status


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    link = (
        settings.SITE_URL.rstrip("/") + notification.url
        if notification.url.startswith("/")
        else notification.url
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"notification": notification, "link": link}
        if delivery.channel == Delivery.Channel.EMAIL:
            subject = render_to_string("sla/email/notification_subject.txt", context).strip()
            body = render_to_string("sla/email/notification_body.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.address], fail_silently=False)
        else:
            text = render_to_string("sla/sms/notification.txt", context).strip()
            get_backend().send(delivery.address, text, key=f"delivery-{delivery.pk}")


def due_delivery_ids(limit: int = 500) -> list[int]:
    now = timezone.now()
    return list(
        Delivery.objects.filter(
            Q(status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED], next_attempt_at__lte=now)
            | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - STUCK_AFTER)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


__all__ = ["SmsError", "due_delivery_ids", "notify", "send_delivery"]
