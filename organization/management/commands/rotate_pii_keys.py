"""Re-encrypt every personal-information value under the first of DJANGO_PII_KEYS (README.md, "Production
checklist", key rotation).

Rotation: put the new key first (``DJANGO_PII_KEYS=new,old``), restart, run this command, then drop the old key.
Every ``EncryptedTextField`` of every model is read in primary-key batches, each batch in its own transaction;
a value not yet under the first key is re-encrypted and its keyed hash (``blind_index_field``) re-computed. A
value already under the first key with the right hash is left alone, so the command is idempotent and a run
that was interrupted is resumed by running it again. A row the application changed meanwhile is left to the
application (the update is conditional on the value read), which writes under the first key anyway.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from organization import pii


def encrypted_fields():
    """(model, field) for every encrypted field of every concrete model, in a stable order."""
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, pii.EncryptedTextField):
                yield model, field


class Command(BaseCommand):
    help = (
        "Re-encrypt personal information under the first DJANGO_PII_KEYS key and re-compute its keyed hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="count what would change, change nothing")

    def handle(self, *args, batch_size: int, dry_run: bool, **options):
        total = 0
        for model, field in encrypted_fields():
            changed, seen = self.rotate(model, field, batch_size=batch_size, dry_run=dry_run)
            total += changed
            self.stdout.write(f"{model._meta.label}.{field.name}: {changed} of {seen} values re-encrypted")
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"{total} values {verb} under the first key."))

    def rotate(self, model, field, *, batch_size: int, dry_run: bool) -> tuple[int, int]:
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        column = quote(field.column)
        hash_field = model._meta.get_field(field.blind_index_field) if field.blind_index_field else None
        hash_column = quote(hash_field.column) if hash_field else None
        select = (
            f"SELECT {pk}, {column}{', ' + hash_column if hash_column else ''} FROM {table} "  # noqa: S608
            f"WHERE {pk} > %s AND {column} IS NOT NULL AND {column} <> '' ORDER BY {pk} LIMIT %s"
        )
        last, changed, seen = None, 0, 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select, [last if last is not None else _lowest(model), batch_size])
                rows = cursor.fetchall()
                if not rows:
                    return changed, seen
                for row in rows:
                    key, token = row[0], row[1]
                    plain = pii.decrypt(token)
                    digest = pii.blind_index(plain)
                    if pii.is_current(token) and (hash_column is None or row[2] == digest):
                        continue
                    changed += 1
                    if dry_run:
                        continue
                    sets, params = f"{column} = %s", [pii.encrypt(plain)]
                    if hash_column:
                        sets, params = f"{sets}, {hash_column} = %s", [*params, digest]
                    cursor.execute(
                        f"UPDATE {table} SET {sets} WHERE {pk} = %s AND {column} = %s",  # noqa: S608
                        [*params, key, token],
                    )
                seen += len(rows)
                last = rows[-1][0]


def _lowest(model):
    """A value below every primary key of the model (integer keys: -1; text keys: the empty string)."""
    return -1 if model._meta.pk.get_internal_type().endswith(("AutoField", "IntegerField")) else ""
