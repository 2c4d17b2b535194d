"""`make backup` / `make restore` (README.md, "Backup and restore"): a real round trip on PostgreSQL, run by CI.

The demo organisation and hospital network, people with encrypted ID numbers and some media files go into
the test database; `make backup` (the make target itself, as a subprocess) writes a backup; `make restore` puts
it into a second, empty database and another media folder. Every table must come back row for row (counts and a
checksum of the rows) and every media file byte for byte; a damaged dump and a non-empty target are refused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MEDIA = {
    "injury_claims/2026/scan-1.pdf": b"%PDF-1.7 scan of a hospital bill\n" * 50,
    "green_channel/documents/身份证正面.jpg": bytes(range(256)) * 40,
    "agreements/2026/agreement-1-v1.pdf": b"%PDF-1.7 signed agreement\n",
}


def database_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def make(target: str, *, database: str, media: Path, tmp_path: Path, **variables: str):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media),
        "VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("REDIS_URL", None)
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(settings.BASE_DIR), target]
        + [f"{key}={value}" for key, value in variables.items()],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def table_fingerprints(name: str) -> dict[str, tuple[int, str]]:
    """Every table of a database: its row count and an md5 of its rows in a stable order."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname=name,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"],
        port=db["PORT"] or None,
    ) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            table: conn.execute(
                f"SELECT COUNT(*), COALESCE(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t"  # noqa: S608
            ).fetchone()
            for table in tables
        }


def media_fingerprints(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def second_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(media: Path) -> None:
    """The demo organisation and hospital network, people with encrypted ID numbers, and media files."""
    from green_channel.models import InsuredPerson
    from hospitals.demo import seed_demo_network
    from organization.demo import seed_demo_organisation

    seed_demo_organisation()
    seed_demo_network()
    for index, number in enumerate(["11010519491231002X", "440305199001011234", "220201198512120017"]):
        InsuredPerson.objects.create(name=f"客户{index}", id_number=number, mobile=f"1380000000{index}")
    for relative, content in MEDIA.items():
        path = media / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def test_a_backup_restores_every_row_and_every_media_file_and_a_damaged_one_is_refused(
    tmp_path, second_database
):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump / pg_restore need PostgreSQL")
    source_db = connection.settings_dict["NAME"]
    media, restored_media, backup = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backup"
    seed(media)

    made = make("backup", database=source_db, media=media, tmp_path=tmp_path, BACKUP_DIR=str(backup))
    assert made.returncode == 0, made.stderr
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar", "manifest.json"}

    # A non-empty target is refused (here: the source itself), and nothing in it changes.
    before = table_fingerprints(source_db)
    refused = make("restore", database=source_db, media=media, tmp_path=tmp_path, BACKUP_DIR=str(backup))
    assert refused.returncode != 0 and "FORCE=1" in refused.stderr
    assert table_fingerprints(source_db) == before

    # A damaged dump is refused before anything is written.
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    data = bytearray((damaged / "database.dump").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (damaged / "database.dump").write_bytes(bytes(data))
    refused = make(
        "restore", database=second_database, media=restored_media, tmp_path=tmp_path, BACKUP_DIR=str(damaged)
    )
    assert refused.returncode != 0 and "checksum" in refused.stderr
    assert table_fingerprints(second_database) == {}
    assert not restored_media.exists()

    restored = make(
        "restore", database=second_database, media=restored_media, tmp_path=tmp_path, BACKUP_DIR=str(backup)
    )
    assert restored.returncode == 0, restored.stderr
    assert "counts match" in restored.stdout

    copy = table_fingerprints(second_database)
    assert copy == before
    assert copy["organization_user"][0] > 0 and copy["hospitals_hospital"][0] > 0
    assert copy["green_channel_insuredperson"][0] > 0
    assert media_fingerprints(restored_media) == media_fingerprints(media)
    assert set(media_fingerprints(restored_media)) == set(MEDIA)
