"""The race suite (issue 14, point 3): pairs of conflicting actions released at the same instant on PostgreSQL.

Each scenario module runs its pairs through :class:`Pairs` (two long-lived threads, each with its own database
connection and its own signed-in client) and records what happened in a :class:`Tally`; the tallies are printed
as one line per scenario at the end of the test report (the figures of bench/README.md, "Races (issue 14)").
"""

from __future__ import annotations

import pytest
from django.db import connection

from .harness import TALLIES


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("races need PostgreSQL (row locks); run with DATABASE_URL=postgres://…")


def pytest_terminal_summary(terminalreporter):
    if not TALLIES:
        return
    terminalreporter.section("races (issue 14)")
    for tally in TALLIES:
        terminalreporter.write_line(tally.line())
    total = sum(t.pairs for t in TALLIES)
    terminalreporter.write_line(
        f"total: {total} pairs, {sum(t.server_errors for t in TALLIES)} server errors, "
        f"{sum(t.lost_updates for t in TALLIES)} lost updates, "
        f"{sum(t.duplicate_numbers for t in TALLIES)} duplicate document numbers"
    )
