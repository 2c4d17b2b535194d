"""Two threads, each with its own database connection, released at the same instant, pair after pair.

The threads live as long as a scenario (their connections too: opening one per pair would cost more than the
pair), and a :class:`threading.Barrier` releases both actions of a pair together. Whatever an action raises is
handed back to the test (an exception in a view is a server error: the test client re-raises it).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.utils import translation

TALLIES: list[Tally] = []


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


class _Worker(threading.Thread):
    def __init__(self, name: str):
        super().__init__(name=name, daemon=True)
        self.jobs: queue.Queue = queue.Queue()
        self.results: queue.Queue = queue.Queue()

    def run(self) -> None:
        try:
            while True:
                job = self.jobs.get()
                if job is None:
                    return
                barrier, action = job
                try:
                    barrier.wait(10)
                    self.results.put(Outcome(value=action()))
                except BaseException as exc:
                    self.results.put(Outcome(error=exc))
                finally:
                    translation.deactivate()
        finally:
            connections.close_all()


class Pairs:
    """``with Pairs() as pairs: a, b = pairs.run(action_a, action_b)`` — both start at the same instant."""

    def __enter__(self) -> Pairs:
        self.workers = [_Worker("race-a"), _Worker("race-b")]
        for worker in self.workers:
            worker.start()
        return self

    def run(self, a: Callable[[], Any], b: Callable[[], Any]) -> tuple[Outcome, Outcome]:
        barrier = threading.Barrier(2)
        for worker, action in zip(self.workers, (a, b), strict=True):
            worker.jobs.put((barrier, action))
        return tuple(worker.results.get(timeout=30) for worker in self.workers)  # type: ignore[return-value]

    def __exit__(self, *exc) -> None:
        for worker in self.workers:
            worker.jobs.put(None)
        for worker in self.workers:
            worker.join(10)


@dataclass
class Tally:
    """What happened in one scenario, pair by pair (the test asserts each pair; this sums them up)."""

    scenario: str
    pairs: int = 0
    wins: dict[str, int] = field(default_factory=dict)
    stale_messages: int = 0
    both_applied_in_turn: int = 0
    server_errors: int = 0
    lost_updates: int = 0
    duplicate_numbers: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        TALLIES.append(self)

    def win(self, who: str) -> None:
        self.wins[who] = self.wins.get(who, 0) + 1

    def done(self) -> None:
        self.seconds = time.monotonic() - self.started

    def line(self) -> str:
        wins = ", ".join(f"{k} {v}" for k, v in sorted(self.wins.items()))
        extra = f", both applied in turn {self.both_applied_in_turn}" if self.both_applied_in_turn else ""
        return (
            f"{self.scenario}: {self.pairs} pairs ({wins}){extra}; stale-state messages {self.stale_messages}; "
            f"server errors {self.server_errors}; lost updates {self.lost_updates}; "
            f"duplicate numbers {self.duplicate_numbers}; {self.seconds:.1f} s"
        )


def messages_of(response) -> list[str]:
    """The messages this request queued for the toast of the next page (the test client keeps the request; the
    messages of earlier requests, never read since, wait in the cookie and are left out)."""
    return [str(m) for m in response.wsgi_request._messages._queued_messages]


def is_translated(msgid: str, context: str | None = None) -> bool:
    """The zh-Hans catalogue has this message (the product's default language)."""
    with translation.override("zh-hans"):
        text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    return text != msgid
