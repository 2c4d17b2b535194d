#!/usr/bin/env python3
"""Backup and restore of the database and the media folder (README.md, "Backup and restore").

    python scripts/backup.py backup  [--dir DIR]            # `make backup`  (BACKUP_DIR, default var/backups/<time>)
    python scripts/backup.py restore --dir DIR [--force]    # `make restore BACKUP_DIR=… [FORCE=1]`

A backup directory holds ``database.dump`` (``pg_dump -Fc``; on SQLite ``database.sqlite3`` made with SQLite's
online backup API), ``media.tar`` (MEDIA_ROOT) and ``manifest.json``: when, which version and commit, the
migration heads, the row count of every table and the sha256 of the two files. A restore verifies the checksums,
refuses a database that already holds tables unless forced, restores, unpacks the media and checks every table's
row count against the manifest. The PII keys and the secret key are NOT in a backup: keep them apart.

The script reads the same environment as the application (DATABASE_URL, MEDIA_ROOT, DJANGO_* variables).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on: the message says why; nothing further is changed."""


def setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def database() -> dict:
    from django.conf import settings

    return settings.DATABASES["default"]


def is_postgres(db: dict) -> bool:
    return "postgresql" in db["ENGINE"]


def pg_env(db: dict) -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore (the password never appears on a command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def table_names() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def migration_heads() -> dict[str, list[str]]:
    """Per app, the latest migrations applied to the database (the leaves of what is applied)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    heads: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        later = (
            [
                child
                for child in loader.graph.node_map[(app, name)].children
                if child.key in applied and child.key[0] == app
            ]
            if (app, name) in loader.graph.node_map
            else []
        )
        if not later:
            heads.setdefault(app, []).append(name)
    return heads


def version() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        app_version = package_version("claims-network")
    except PackageNotFoundError:
        app_version = "unknown"
    commit = os.environ.get("APP_COMMIT", "")
    if not commit and shutil.which("git"):
        result = subprocess.run(
            ["git", "-C", str(BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        commit = result.stdout.strip() if result.returncode == 0 else ""
    return {"version": app_version, "commit": commit or "unknown"}


# --- backup ---------------------------------------------------------------------------------------------------


def dump_postgres(db: dict, path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """pg_dump inside a snapshot the script shares, so the row counts are those of the dump to the row."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts()
        heads = migration_heads()
        run(
            ["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(path), "-d", db["NAME"]],
            pg_env(db),
        )
    return counts, heads


def dump_sqlite(db: dict, path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """SQLite's online backup API: a consistent copy while the product runs; counted in the copy itself."""
    heads = migration_heads()
    source = sqlite3.connect(str(db["NAME"]))
    copy = sqlite3.connect(str(path))
    try:
        source.backup(copy)
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
    finally:
        copy.close()
        source.close()
    return counts, heads


def tar_media(media_root: Path, target_dir: Path) -> tuple[Path, int, int]:
    path = target_dir / MEDIA_TAR
    files = size = 0
    with tarfile.open(path, "w") as tar:
        if media_root.is_dir():
            for item in sorted(media_root.rglob("*")):
                if item.is_file() and not item.is_symlink():
                    tar.add(item, arcname=str(item.relative_to(media_root)), recursive=False)
                    files += 1
                    size += item.stat().st_size
    return path, files, size


def backup(target_dir: Path | None) -> Path:
    from django.conf import settings
    from django.utils import timezone

    db = database()
    now = timezone.localtime()
    target_dir = target_dir or Path(settings.VAR_DIR) / "backups" / now.strftime("%Y%m%d-%H%M%S")
    if target_dir.exists() and any(target_dir.iterdir()):
        raise BackupError(f"{target_dir} is not empty: choose another BACKUP_DIR.")
    target_dir.mkdir(parents=True, exist_ok=True)
    if is_postgres(db):
        dump = target_dir / "database.dump"
        counts, heads = dump_postgres(db, dump)
    else:
        dump = target_dir / "database.sqlite3"
        counts, heads = dump_sqlite(db, dump)
    media, files, size = tar_media(Path(settings.MEDIA_ROOT), target_dir)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        **version(),
        "engine": "postgresql" if is_postgres(db) else "sqlite",
        "migration_heads": heads,
        "row_counts": counts,
        "media": {"files": files, "bytes": size},
        "files": {dump.name: sha256(dump), media.name: sha256(media)},
    }
    (target_dir / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return target_dir


# --- restore --------------------------------------------------------------------------------------------------


def read_manifest(source_dir: Path) -> dict:
    path = source_dir / MANIFEST
    if not path.is_file():
        raise BackupError(f"No {MANIFEST} in {source_dir}: not a backup directory.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this script reads {FORMAT}).")
    for name, expected in manifest["files"].items():
        file = source_dir / name
        if not file.is_file():
            raise BackupError(f"{name} is missing from {source_dir}.")
        if sha256(file) != expected:
            raise BackupError(
                f"{name} does not match its checksum in the manifest: refusing a damaged backup."
            )
    return manifest


def restore_database(db: dict, manifest: dict, source_dir: Path) -> None:
    from django.db import connection

    engine = "postgresql" if is_postgres(db) else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"This backup is of a {manifest['engine']} database; DATABASE_URL is {engine}.")
    if engine == "postgresql":
        connection.close()
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                db["NAME"],
                str(source_dir / "database.dump"),
            ],
            pg_env(db),
        )
        return
    connection.close()
    target = Path(db["NAME"])
    copy = sqlite3.connect(str(source_dir / "database.sqlite3"))
    live = sqlite3.connect(str(target))
    try:
        copy.backup(live)
    finally:
        live.close()
        copy.close()


def unpack_media(media_root: Path, source_dir: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source_dir / MEDIA_TAR) as tar:
        members = tar.getmembers()
        tar.extractall(media_root, filter="data")  # refuses absolute paths, "..", devices and links outside
    return sum(1 for member in members if member.isfile())


def restore(source_dir: Path, manifest: dict, *, force: bool) -> list[tuple[str, int, int]]:
    from django.conf import settings

    db = database()
    existing = table_names()
    if existing and not force:
        raise BackupError(
            f"The target database already holds {len(existing)} tables: restore into an empty database, "
            "or set FORCE=1 to replace its contents."
        )
    restore_database(db, manifest, source_dir)
    files = unpack_media(Path(settings.MEDIA_ROOT), source_dir)
    if files != manifest["media"]["files"]:
        raise BackupError(f"{files} media files unpacked, the manifest lists {manifest['media']['files']}.")
    counts = row_counts()
    report = [(table, expected, counts.get(table, -1)) for table, expected in manifest["row_counts"].items()]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["backup", "restore"])
    parser.add_argument("--dir", default=os.environ.get("BACKUP_DIR") or None, help="the backup directory")
    parser.add_argument(
        "--force",
        action="store_true",
        default=os.environ.get("FORCE", "") not in ("", "0"),
        help="replace data",
    )
    args = parser.parse_args(argv)
    try:
        if args.action == "restore":
            if not args.dir:
                raise BackupError("Name the backup to restore: make restore BACKUP_DIR=var/backups/<time>")
            manifest = read_manifest(Path(args.dir))  # a damaged backup is refused before anything is touched
        setup_django()
        if args.action == "backup":
            target = backup(Path(args.dir) if args.dir else None)
            manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
            print(
                f"Backup written to {target}: {sum(manifest['row_counts'].values())} rows in "
                f"{len(manifest['row_counts'])} tables, {manifest['media']['files']} media files."
            )
            return 0
        report = restore(Path(args.dir), manifest, force=args.force)
    except BackupError as error:
        print(f"{args.action} refused: {error}", file=sys.stderr)
        return 2
    width = max((len(table) for table, _, _ in report), default=10)
    wrong = [table for table, expected, found in report if expected != found]
    print(f"{'table':<{width}}  {'manifest':>9}  {'restored':>9}")
    for table, expected, found in report:
        print(f"{table:<{width}}  {expected:>9}  {found:>9}{'  MISMATCH' if expected != found else ''}")
    if wrong:
        print(f"restore failed: row counts differ in {', '.join(wrong)}", file=sys.stderr)
        return 3
    print(f"Restored {args.dir}: {sum(e for _, e, _ in report)} rows in {len(report)} tables, counts match.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
