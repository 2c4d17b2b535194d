"""One event, many subscribers.

Every state change (``perform_transition``) and every other thing put on a record (``record_event``) writes one
``Event`` row and publishes it here. Subscribers come in two kinds:

* **in the transaction** — they write rows that must commit or roll back with the change itself: the deadlines a
  state opens and closes, the notifications it announces (an outbox: inserted with the change, sent by the worker
  after the commit). A crash between a commit and a later handler can therefore never leave a submitted record
  without its HQ clock, or an approval nobody hears of.
* **after the commit** — they talk to the outside world or start work that must see the committed data (queueing
  Celery tasks, cache invalidation). They never run for a transaction that rolled back.

``workflow`` knows none of its subscribers: ``sla`` subscribes its clock and notification handlers in its
``AppConfig.ready()``; a domain app may subscribe its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import models, transaction

Handler = Callable[["object", models.Model], None]  # (event, subject)


@dataclass(frozen=True)
class Subscription:
    handler: Handler
    after_commit: bool
    uid: str


_SUBSCRIPTIONS: dict[str, Subscription] = {}


def subscribe(handler: Handler, *, after_commit: bool = False, uid: str | None = None) -> None:
    """Call ``handler(event, subject)`` for every published event (idempotent per ``uid``)."""
    uid = uid or f"{handler.__module__}.{handler.__qualname__}"
    _SUBSCRIPTIONS[uid] = Subscription(handler, after_commit, uid)


def unsubscribe(uid: str) -> None:
    _SUBSCRIPTIONS.pop(uid, None)


def subscriptions() -> list[Subscription]:
    return list(_SUBSCRIPTIONS.values())


def publish(event, subject: models.Model) -> None:
    """Hand the event to every subscriber: now for those in the transaction, on commit for the others."""
    for subscription in list(_SUBSCRIPTIONS.values()):
        if subscription.after_commit:
            transaction.on_commit(partial(subscription.handler, event, subject))
        else:
            subscription.handler(event, subject)
