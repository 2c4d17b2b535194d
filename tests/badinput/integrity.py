"""No partial write: a fingerprint of every table of the product, to compare before and after a refused post.

The fingerprint covers every model of the product's apps (organization, workflow, sla, documents, hospitals,
injury_claims, green_channel, scoring) with their auto-created many-to-many tables and the history tables
django-simple-history adds to them: workflow events, notifications and deliveries, issued documents and jobs
included. Each table gives its row count and a SHA-256 of its rows read in primary-key order.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.apps import apps
from django.db import connection

PRODUCT_APPS = (
    "organization",
    "workflow",
    "sla",
    "documents",
    "hospitals",
    "injury_claims",
    "green_channel",
    "scoring",
)


@cache
def product_tables() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(table, primary-key column, columns) of every model of the product, history and many-to-many tables
    included."""
    tables = {}
    for label in PRODUCT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            columns = tuple(f.column for f in model._meta.concrete_fields)
            tables[model._meta.db_table] = (model._meta.pk.column, columns)
    return tuple((table, pk, columns) for table, (pk, columns) in sorted(tables.items()))


@cache
def _fingerprint_sql() -> str:
    """One statement reading every table: per table its row count and its rows as text in primary-key order."""
    quote = connection.ops.quote_name
    parts = []
    for table, pk, columns in product_tables():
        if connection.vendor == "postgresql":
            parts.append(
                f"(SELECT COUNT(*) || ':' || COALESCE(STRING_AGG(t::text, '|' ORDER BY t.{quote(pk)}), '') "  # noqa: S608 - model metadata
                f"FROM {quote(table)} t)"
            )
        else:
            row = " || ',' || ".join(f"QUOTE({quote(c)})" for c in columns)
            parts.append(
                f"(SELECT COUNT(*) || ':' || COALESCE(GROUP_CONCAT(r, '|'), '') "  # noqa: S608 - model metadata
                f"FROM (SELECT {row} AS r FROM {quote(table)} ORDER BY {quote(pk)}))"
            )
    return "SELECT " + ",\n".join(parts)


def fingerprint() -> dict[str, tuple[int, str]]:
    """{table: (row count, SHA-256 of its rows)} of the whole product, read in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        values = cursor.fetchone()
    found = {}
    for (table, _pk, _columns), text in zip(product_tables(), values, strict=True):
        count, _, content = text.partition(":")
        found[table] = (int(count), hashlib.sha256(content.encode()).hexdigest())
    return found


def rows(table: str) -> list[tuple]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - model metadata
        return cursor.fetchall()


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in after if before.get(table) != after[table])
