"""One call fans a notification out to the inbox bell, e-mail and SMS; every external delivery is a row with
its status, retried with backoff until it is sent or given up (visible to administrators)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from organization.pii import mask

from . import registry
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


@dataclass
class Outgoing:
    """One notification to make: to whom, of which registered kind, with what to fill its text."""

    recipient: object  # organization.User
    kind: str  # a code registered with sla.registry.register_notice
    context: dict = field(default_factory=dict)
    url: str = ""
    content_type_id: int | None = None
    object_id: int | None = None
    dedupe_key: str = ""  # at most one notification per recipient and key; empty: always a new one


@dataclass(frozen=True)
class Contact:
    """Someone outside the staff who agreed to SMS messages (an injured person): their mobile and name. A
    workflow Notice's recipients may include contacts; they get the notice's text by SMS, nothing in-app."""

    mobile: str
    name: str = ""


@dataclass
class Message:
    """One SMS to make to a contact: which registered kind (its title is the text), what fills it, about what."""

    contact: Contact
    kind: str
    context: dict = field(default_factory=dict)
    content_type_id: int | None = None
    object_id: int | None = None
    dedupe_key: str = ""  # at most one message per key; empty: always a new one


def _text(template, context: dict) -> str:
    values = {key: str(value) if value is not None else "" for key, value in context.items()}
    return str(template) % values if values else str(template)


@dataclass
class Sent:
    notifications: list[Notification]  # the ones this call inserted (the others existed already)
    delivery_ids: list[int]


def send_notifications(outgoing: Iterable[Outgoing]) -> Sent:
    """The one way a notification is made (transitions, events, the sweep, scheduled reminders all come here).

    Runs in the caller's transaction, so the notifications commit or roll back with what they announce. Each
    (recipient, key) is inserted once: ``INSERT … ON CONFLICT DO NOTHING`` (``bulk_create(ignore_conflicts=True)``),
    never check-then-create, so two processes notifying the same key at once make one row and neither fails. The
    rows this call inserted carry its batch token and are read back by it; their e-mail and SMS deliveries are
    inserted with them and queued for the worker once the transaction commits. Texts are rendered in the
    product's language (recipients' language preferences are not stored).
    """
    batch = uuid.uuid4()
    rows: list[Notification] = []
    recipients: dict[int, object] = {}
    channels_of: dict[str, tuple[str, ...]] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for index, item in enumerate(outgoing):
            user = item.recipient
            if user is None or not user.is_active:
                continue
            kind = registry.notice(item.kind)
            recipients[user.pk] = user
            channels_of[item.kind] = kind.channels
            rows.append(
                Notification(
                    recipient_id=user.pk,
                    kind=item.kind,
                    level=kind.level,
                    title=_text(kind.title, item.context)[:200],
                    body=_text(kind.body, item.context),
                    url=item.url[:300],
                    content_type_id=item.content_type_id,
                    object_id=item.object_id,
                    dedupe_key=item.dedupe_key or f"once:{batch.hex}:{index}",
                    batch=batch,
                )
            )
    if not rows:
        return Sent([], [])
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    new = list(Notification.objects.filter(batch=batch).order_by("pk"))
    deliveries: list[Delivery] = []
    for notification in new:
        notification.recipient = recipients[notification.recipient_id]
        deliveries.extend(deliveries_for(notification, channels_of[notification.kind]))
    # New notifications have no deliveries yet: these inserts cannot conflict, and the keys come back with them.
    Delivery.objects.bulk_create(deliveries, batch_size=1000)
    ids = [d.pk for d in deliveries if d.pk]
    if len(ids) < len(deliveries):  # a backend that does not return keys from bulk inserts
        ids = list(Delivery.objects.filter(notification__in=new).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return Sent(new, ids)


def send_messages(messages: Iterable[Message]) -> list[int]:
    """SMS to contacts outside the staff, in the caller's transaction, sent by the worker after commit with the
    same retries as every delivery. The number is stored encrypted and shown masked; each key is sent once
    (``INSERT … ON CONFLICT DO NOTHING``). Returns the ids of the deliveries waiting to be sent."""
    batch = uuid.uuid4().hex
    now = timezone.now()
    rows: list[Delivery] = []
    with translation.override(settings.LANGUAGE_CODE):
        for index, item in enumerate(messages):
            mobile = (item.contact.mobile or "").strip()
            if not mobile:
                continue
            kind = registry.notice(item.kind)
            rows.append(
                Delivery(
                    channel=Delivery.Channel.SMS,
                    address=mask(mobile),
                    sealed_address=mobile,
                    kind=item.kind,
                    text=_text(kind.title, item.context),
                    content_type_id=item.content_type_id,
                    object_id=item.object_id,
                    dedupe_key=(item.dedupe_key or f"once:{batch}:{index}")[:120],
                    next_attempt_at=now,
                )
            )
    if not rows:
        return []
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    ids = list(
        Delivery.objects.filter(
            dedupe_key__in=[row.dedupe_key for row in rows], status=Delivery.Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return ids


def notify(
    recipients: Iterable,
    *,
    kind: str,
    context: dict | None = None,
    url: str = "",
    subject: models.Model | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Notify each recipient once (once per dedupe_key when given) with a registered kind of notice."""
    content_type_id = ContentType.objects.get_for_model(subject).pk if subject is not None else None
    people = {u.pk: u for u in recipients if u is not None}.values()
    return send_notifications(
        Outgoing(
            recipient=user,
            kind=kind,
            context=context or {},
            url=url,
            content_type_id=content_type_id,
            object_id=subject.pk if subject is not None else None,
            dedupe_key=dedupe_key,
        )
        for user in people
    ).notifications


def mark_read(notification: Notification) -> None:
    """The recipient opened it (only the first reading counts)."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def _enqueue(delivery_ids: list[int]) -> None:
    from workflow.queue import enqueue

    from .tasks import deliver

    enqueue(deliver, delivery_ids)


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
    if delivery.notification_id is None:  # a message to a contact outside the staff: its own text, by SMS
        try:
            get_backend().send(delivery.sealed_address, delivery.text, key=f"delivery-{delivery.pk}")
        except Exception as exc:
            return _failed(delivery, exc)
        return _sent(delivery)
    try:
        _send(delivery)
    except Exception as exc:  # any failure of the channel is recorded and retried
        return _failed(delivery, exc)
    return _sent(delivery)


def _failed(delivery: Delivery, exc: Exception) -> str:
    give_up = delivery.attempts >= MAX_ATTEMPTS
    delivery.status = Delivery.Status.GAVE_UP if give_up else Delivery.Status.FAILED
    delivery.next_attempt_at = None if give_up else timezone.now() + backoff(delivery.attempts)
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
    return delivery.status


def _sent(delivery: Delivery) -> str:
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


__all__ = [
    "Contact",
    "Message",
    "Outgoing",
    "SmsError",
    "due_delivery_ids",
    "notify",
    "send_delivery",
    "send_messages",
    "send_notifications",
]
