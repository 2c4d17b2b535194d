"""One call fans a notification out to the inbox bell, e-mail and SMS; every external delivery is a row with
its status, retried with backoff until it is sent or given up (visible to administrators)."""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.constants import OnConflict
from django.db.models.functions import Concat, Left
from django.utils import timezone, translation

from organization.pii import mask

from . import registry
from .models import Delivery, Notification
from .sms import SmsError

log = logging.getLogger(__name__)

DELIVERY_TASK_SIZE = 100  # deliveries per `deliver` task: a burst is shared by every worker process


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
    for notification in new:
        notification.recipient = recipients[notification.recipient_id]
    return Sent(new, _fan_out(batch, timezone.now()) if new else [])


# --- the set-based twin: notifications made in SQL -----------------------------------------------------------
@dataclass
class NoticeSet:
    """Notifications of one registered kind about each row of a queryset, made in SQL (``INSERT … SELECT``):
    the sweep's way to notify about thousands of rows without building a Python object per row.

    Every value is an ORM expression over a row of ``rows``. The recipient is the user whose id is in column
    ``recipient`` (when active), or, with ``holders`` = (org id, role, not-this-user column), every active
    holder of that role in that org except the user in that column. Texts are the kind's translated title and
    body with each ``%(name)s`` replaced by ``context[name]`` — in SQL, as ``_text`` does in Python."""

    kind: str
    rows: models.QuerySet
    recipient: str | None
    context: dict
    key: str  # dedupe key: "<model>:<pk>:<key>"
    holders: tuple | None = None
    url: object = field(default_factory=lambda: F("url"))


def send_notification_sets(sets: Iterable[NoticeSet]) -> tuple[int, list[int]]:
    """Insert the notifications of each set with ``INSERT … SELECT … ON CONFLICT DO NOTHING`` (each (recipient,
    key) once, as ``send_notifications``), then their deliveries with the same fan-out as every notification;
    queued for the worker after commit. Returns (notifications inserted, delivery ids)."""
    batch = uuid.uuid4()
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        inserted = sum(_insert_set(item, batch, now) for item in sets)
    return inserted, (_fan_out(batch, now) if inserted else [])


_PLACEHOLDER = re.compile(r"%(?:\((\w+)\)s|(%))")


def render_sql(template, context: dict):
    """``_text(template, context)`` as an SQL expression: the translated text, each ``%(name)s`` replaced by
    the column expression ``context[name]`` (NULL as empty), ``%%`` by ``%``."""
    text = str(template)
    if "%" in _PLACEHOLDER.sub("", text):
        raise ValueError(f"unsupported placeholder in {text!r}: only %(name)s and %% are")
    parts, literal, position = [], "", 0
    for match in _PLACEHOLDER.finditer(text):
        literal += text[position : match.start()]
        position = match.end()
        if match.group(2):
            literal += "%"
            continue
        if literal:
            parts.append(Value(literal))
            literal = ""
        parts.append(context[match.group(1)])  # a KeyError, as Python's % would raise
    literal += text[position:]
    if literal:
        parts.append(Value(literal))
    if len(parts) < 2:
        parts.append(Value(""))
    return Concat(*parts, output_field=models.TextField())


def _insert_select(
    model, columns: dict, queryset, *, join=("", ()), where: str = "", returning: bool = False
):
    """``INSERT INTO model (columns) SELECT … FROM (queryset) d [join] [WHERE …] ON CONFLICT DO NOTHING``.

    ``columns`` maps each column to the SQL picking it (``d.<alias>`` for a value of the queryset, which the ORM
    compiled for this database); ``join`` is (SQL, parameters). The vendor's way to ignore conflicts comes from
    Django's backend (PostgreSQL: ``ON CONFLICT DO NOTHING``; SQLite: ``INSERT OR IGNORE``). Returns the
    number of rows inserted, or their ids with ``returning``."""
    ops = connection.ops
    sql, params = queryset.order_by().query.get_compiler(connection=connection).as_sql()
    names = ", ".join(ops.quote_name(model._meta.get_field(name).column) for name in columns)
    # Names come from the models' metadata and the ORM's compiler; every value is a parameter.
    insert = f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {ops.quote_name(model._meta.db_table)}"
    statement = (
        f"{insert} ({names}) "  # noqa: S608
        f"SELECT {', '.join(columns.values())} FROM ({sql}) d {join[0]} WHERE {where or '1 = 1'} "
        f"{ops.on_conflict_suffix_sql([], OnConflict.IGNORE, None, None)}"
    )
    params = (*params, *join[1])
    with connection.cursor() as cursor:
        if not returning:
            cursor.execute(statement, params)
            return cursor.rowcount
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{statement} RETURNING {ops.quote_name(model._meta.pk.column)}", params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(statement, params)
        return None


def _d(alias: str) -> str:
    return f"d.{connection.ops.quote_name(alias)}"


def _insert_set(item: NoticeSet, batch: uuid.UUID, now: datetime.datetime) -> int:
    kind = registry.notice(item.kind)
    prefix = f"{item.rows.model._meta.model_name}:"
    values = {
        "n_kind": Value(item.kind),
        "n_level": Value(kind.level),
        "n_title": Left(render_sql(kind.title, item.context), 200),
        "n_body": render_sql(kind.body, item.context),
        "n_url": Left(item.url, 300),
        "n_content_type": F("content_type_id"),
        "n_object": F("object_id"),
        "n_key": Concat(Value(prefix), F("pk"), Value(f":{item.key}"), output_field=models.CharField()),
        "n_batch": Value(batch, output_field=models.UUIDField()),
        "n_created": Value(now, output_field=models.DateTimeField()),
    }
    columns = {
        "kind": "n_kind",
        "level": "n_level",
        "title": "n_title",
        "body": "n_body",
        "url": "n_url",
        "content_type": "n_content_type",
        "object_id": "n_object",
        "dedupe_key": "n_key",
        "batch": "n_batch",
        "created_at": "n_created",
    }
    User = Notification._meta.get_field("recipient").related_model
    if item.holders is None:
        rows = item.rows.filter(
            Exists(User.objects.filter(pk=OuterRef(item.recipient), is_active=True))
        ).values(n_recipient=F(item.recipient), **values)
        return _insert_select(
            Notification,
            {"recipient": _d("n_recipient"), **{c: _d(a) for c, a in columns.items()}},
            rows.order_by(),
        )
    org, role, not_to = item.holders
    rows = item.rows.values(n_org=org, n_role=role, n_not=F(not_to), **values)
    holders = User.objects.filter(is_active=True).values(
        h_user=F("pk"), h_org=F("org_id"), h_role=F("groups__name")
    )
    holders_sql, holders_params = holders.order_by().query.get_compiler(connection=connection).as_sql()
    q = connection.ops.quote_name
    return _insert_select(
        Notification,
        {"recipient": f"h.{q('h_user')}", **{c: _d(a) for c, a in columns.items()}},
        rows,
        join=(
            f"JOIN ({holders_sql}) h ON h.{q('h_org')} = {_d('n_org')} AND h.{q('h_role')} = {_d('n_role')}",
            holders_params,
        ),
        where=f"({_d('n_not')} IS NULL OR h.{q('h_user')} <> {_d('n_not')})",
    )


def _fan_out(batch: uuid.UUID, now: datetime.datetime) -> list[int]:
    """The e-mail and SMS deliveries of the notifications inserted under ``batch`` (one ``INSERT … SELECT`` per
    channel: the notices of a kind that goes out on it, to recipients with an address for it), queued for the
    worker once the transaction commits. The one fan-out of every notification."""
    ids: list[int] = []
    for channel, address in (("email", "recipient__email"), ("sms", "recipient__phone")):
        kinds = [kind.code for kind in registry.notices() if channel in kind.channels]
        rows = (
            Notification.objects.filter(batch=batch, kind__in=kinds)
            .exclude(**{address: ""})
            .values(
                d_notification=F("pk"),
                d_channel=Value(channel),
                d_address=F(address),
                d_status=Value(Delivery.Status.PENDING.value),
                d_attempts=Value(0),
                d_next=Value(now, output_field=models.DateTimeField()),
                d_created=Value(now, output_field=models.DateTimeField()),
                d_blank=Value(""),
            )
        )
        inserted = _insert_select(
            Delivery,
            {
                "notification": _d("d_notification"),
                "channel": _d("d_channel"),
                "address": _d("d_address"),
                "status": _d("d_status"),
                "attempts": _d("d_attempts"),
                "next_attempt_at": _d("d_next"),
                "created_at": _d("d_created"),
                "kind": _d("d_blank"),
                "text": _d("d_blank"),
                "sealed_address": _d("d_blank"),
                "dedupe_key": _d("d_blank"),
                "last_error": _d("d_blank"),
            },
            rows,
            returning=True,
        )
        if inserted is None:  # a backend that cannot return keys from an insert
            inserted = list(
                Delivery.objects.filter(notification__batch=batch, channel=channel).values_list(
                    "pk", flat=True
                )
            )
        ids.extend(inserted)
    if ids:
        ids.sort()
        transaction.on_commit(lambda: _enqueue(ids))
    return ids


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
    """Hand the deliveries to the worker in tasks of DELIVERY_TASK_SIZE, so a burst is shared by every worker
    process (each task claims its rows itself: a repeat or an overlap with the retry task sends nothing twice)."""
    from workflow.queue import enqueue

    from .tasks import deliver

    for first in range(0, len(delivery_ids), DELIVERY_TASK_SIZE):
        enqueue(deliver, delivery_ids[first : first + DELIVERY_TASK_SIZE])


# Sending lives in sla.deliveries; these names stay importable from here for the callers that send.
from .deliveries import (  # noqa: E402
    MAX_ATTEMPTS,
    STUCK_AFTER,
    backoff,
    claim_deliveries,
    due_delivery_ids,
    send_claimed,
    send_deliveries,
    send_delivery,
)

__all__ = [
    "MAX_ATTEMPTS",
    "STUCK_AFTER",
    "Contact",
    "Message",
    "Outgoing",
    "SmsError",
    "backoff",
    "claim_deliveries",
    "due_delivery_ids",
    "notify",
    "send_claimed",
    "send_deliveries",
    "send_delivery",
    "send_messages",
    "send_notifications",
]
