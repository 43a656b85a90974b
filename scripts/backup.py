#!/usr/bin/env python3
"""``make backup`` and ``make restore``: the database and the media, SQLite or PostgreSQL.

A backup is one folder ``BACKUP_DIR/portal-<YYYYmmdd-HHMMSS>/`` (``BACKUP_DIR`` defaults to
``var/backups``) holding:

* ``database.sqlite3`` (SQLite's online ``.backup``, consistent while the portal runs) or
  ``database.dump`` (``pg_dump -Fc``, restored with ``pg_restore``);
* ``media.tar.gz``: ``MEDIA_ROOT`` as ``media/`` and ``PRIVATE_MEDIA_ROOT`` as ``private-media/``;
* ``manifest.json``: when, which database engine, and the SHA-256 of both files (checked before a
  restore touches anything).

``restore FOLDER`` replaces the database with the backup's and the media folders with the
archive's (the current media folders are kept beside them as ``<folder>.before-restore-<time>``
until you delete them). Stop gunicorn and the Celery workers first. With media on S3
(``MEDIA_STORAGE=s3``) only the database is saved: use the bucket's versioning or replication.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MEDIA_MEMBERS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}


def _settings():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
    from django.conf import settings

    settings.DATABASES  # noqa: B018 - loads the settings (a bad value stops here)
    return settings


def _say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine(db):
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return "sqlite"
    if "postgresql" in db["ENGINE"]:
        return "postgresql"
    raise SystemExit(f"backup: database engine {db['ENGINE']} is not supported")


def _pg_env(db):
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(args, env=None):
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed programs
    if result.returncode != 0:
        raise SystemExit(f"backup: {args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")


def _sqlite_path(db):
    return str(Path(db["NAME"]).resolve())


def backup(settings, target_dir):
    db = settings.DATABASES["default"]
    engine = _engine(db)
    folder = Path(target_dir) / f"portal-{datetime.now().astimezone().strftime('%Y%m%d-%H%M%S')}"  # noqa: DTZ005
    work = folder.with_name(folder.name + ".partial")
    if folder.exists() or work.exists():
        raise SystemExit(f"backup: {folder} exists already")
    work.mkdir(parents=True)
    if engine == "sqlite":
        if not shutil.which("sqlite3"):
            raise SystemExit("backup: the sqlite3 program is missing (scripts/ensure-system-packages.sh sqlite3)")
        database = work / "database.sqlite3"
        _run(["sqlite3", _sqlite_path(db), f".backup '{database}'"])
    else:
        database = work / "database.dump"
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(database)], env=_pg_env(db))
    archive = work / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for member, setting in MEDIA_MEMBERS.items():
            root = Path(getattr(settings, setting))
            if settings.MEDIA_STORAGE == "filesystem" and root.is_dir():
                tar.add(root, arcname=member)
            else:
                info = tarfile.TarInfo(member)
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
    manifest = {
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),  # noqa: DTZ005
        "engine": engine,
        "database": database.name,
        "files": {path.name: _sha256(path) for path in (database, archive)},
        "media_storage": settings.MEDIA_STORAGE,
    }
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    work.rename(folder)  # a folder without ".partial" is complete
    _say(str(folder))
    return folder


def _check(folder):
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise SystemExit(f"restore: {folder} is not a backup (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != digest:
            raise SystemExit(f"restore: {folder / name} is missing or damaged (checksum differs); nothing changed")
    return manifest


def _restore_media(settings, archive):
    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(scratch, filter="data")  # no absolute paths, no "..", no devices
        for member, setting in MEDIA_MEMBERS.items():
            root = Path(getattr(settings, setting))
            source = Path(scratch) / member
            if not source.is_dir():
                continue
            root.parent.mkdir(parents=True, exist_ok=True)
            if root.exists():
                root.rename(root.with_name(f"{root.name}.before-restore-{stamp}"))
            shutil.move(str(source), str(root))


def restore(settings, folder):
    folder = Path(folder)
    manifest = _check(folder)
    db = settings.DATABASES["default"]
    engine = _engine(db)
    if manifest["engine"] != engine:
        raise SystemExit(f"restore: the backup is of {manifest['engine']}, the portal uses {engine}; nothing changed")
    database = folder / manifest["database"]
    if engine == "sqlite":
        target = Path(_sqlite_path(db))
        target.parent.mkdir(parents=True, exist_ok=True)
        _run(["sqlite3", str(target), f".restore '{database}'"])
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "-d", db["NAME"], str(database)], env=_pg_env(db))
    if manifest.get("media_storage", "filesystem") == "filesystem" and settings.MEDIA_STORAGE == "filesystem":
        _restore_media(settings, folder / "media.tar.gz")
    _say(f"restored {folder}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Back up or restore the portal's database and media.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup").add_argument("--dir", default=os.environ.get("BACKUP_DIR") or str(BASE_DIR / "var" / "backups"))
    commands.add_parser("restore").add_argument("folder", help="a folder made by `make backup`")
    args = parser.parse_args(argv)
    settings = _settings()
    if args.command == "backup":
        backup(settings, args.dir)
    else:
        restore(settings, args.folder)


if __name__ == "__main__":
    main()
