"""Trigram indexes for the search's substring matches (icontains is ``UPPER(x::text) LIKE UPPER('%…%')``): report
numbers, names and free-text hospital names. PostgreSQL only (pg_trgm is a trusted extension since PostgreSQL 13:
the database's owner may create it); on SQLite, the development database, nothing is done."""

from django.db import migrations

TRIGRAM_INDEXES = {
    "claim_report_no_trgm": ("injury_claims_claim", "report_no"),
    "person_name_trgm": ("injury_claims_injuredperson", "name"),
    "person_hospital_name_trgm": ("injury_claims_injuredperson", "hospital_name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("injury_claims", "0010_search_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
