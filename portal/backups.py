"""Back up and restore the database and the uploaded files (make backup, make restore).

A backup is one dated folder, ``shoal-<UTC stamp>/``, holding:

- ``database.dump``: PostgreSQL's own dump (``pg_dump --format=custom``), or
  ``database.sqlite3``: a copy of the SQLite file made through SQLite's backup API, which is
  consistent even while the site is writing to it;
- ``media.tar``: everything under ``MEDIA_ROOT`` (left out when the uploads live in a bucket,
  which keeps its own versions);
- ``manifest.json``: when, from which engine, and the SHA-256 of each file, checked before a
  restore touches anything.

The database is the one Django's settings name (``DATABASE_URL``, read by portal.settings),
so the commands back up and restore whichever database the site itself would use.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT = 1  # raised if the layout of a backup folder ever changes


class BackupError(Exception):
    """Why a backup or a restore cannot go ahead, in words for the operator."""


@dataclass
class Backup:
    folder: Path
    engine: str
    media_files: int  # None when media was not part of it


def engine_name(connection=None):
    vendor = (connection or connections["default"]).vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Shoal backs up PostgreSQL and SQLite databases, not {vendor}.")
    return vendor


def default_backup_dir():
    return Path(getattr(settings, "BACKUP_DIR", None) or Path(settings.BASE_DIR) / "backups")


def media_on_disk():
    """Whether uploads are files under MEDIA_ROOT (not an S3-compatible bucket)."""
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL's own tools ---------------------------------------------------------------------


def postgres_tool(name):
    """pg_dump or pg_restore: PG_BIN_DIR's, else the newest Debian's, else the one on PATH.

    The newest is preferred because pg_dump refuses a server newer than itself.
    """
    folders = [os.environ.get("PG_BIN_DIR", "")]
    folders += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda folder: [int(x) for x in Path(folder).parent.name.split(".") if x.isdigit()],
        reverse=True,
    )
    for folder in filter(None, folders):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client tools (Debian: "
            "postgresql-client) or set PG_BIN_DIR to the folder that holds them."
        )
    return found


def postgres_arguments(settings_dict):
    """Connection options for pg_dump/pg_restore and the environment carrying the password."""
    arguments = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("USER"):
        arguments += ["--username", settings_dict["USER"]]
    if settings_dict.get("HOST"):
        arguments += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return arguments, env


def run_postgres_tool(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


# --- the database -------------------------------------------------------------------------------


def dump_database(engine, target):
    connection = connections["default"]
    if engine == "postgresql":
        arguments, env = postgres_arguments(connection.settings_dict)
        command = [postgres_tool("pg_dump"), "--format=custom", "--file", str(target)]
        run_postgres_tool(command + arguments, env)
        return
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def load_database(engine, source):
    connection = connections["default"]
    # Our own connection must hold no lock while the tables are replaced under it.
    connections.close_all()
    if engine == "postgresql":
        arguments, env = postgres_arguments(connection.settings_dict)
        command = [
            postgres_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
        ]
        run_postgres_tool(command + arguments + [str(source)], env)
        return
    name = connection.settings_dict["NAME"]
    if not Path(name).exists():
        raise BackupError(f"The SQLite database {name} does not exist: run migrate first.")
    # Page by page into the live file, under SQLite's own locking: other connections see the
    # restored database at once, and no stale journal is left beside a copied file.
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = sqlite3.connect(name, timeout=30)
    try:
        backup.backup(live)
    finally:
        live.close()
        backup.close()


# --- media --------------------------------------------------------------------------------------


def archive_media(target):
    """Every file under MEDIA_ROOT into a tar archive; returns how many files."""
    root = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(target, "w") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=path.relative_to(root).as_posix())
                    count += 1
    return count


def restore_media(source):
    """Make MEDIA_ROOT hold exactly the archive's files (unpacked beside it, then swapped)."""
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".restoring-", dir=root.parent))
    try:
        with tarfile.open(source) as archive:
            archive.extractall(unpacked, filter="data")  # no absolute paths, no links out
        for entry in root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in unpacked.iterdir():
            shutil.move(str(entry), root / entry.name)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


# --- the two operations -------------------------------------------------------------------------


def make_backup(backup_dir=None, now=None):
    """Back up the database and media into a new dated folder under ``backup_dir``."""
    engine = engine_name()
    now = now or datetime.datetime.now(datetime.UTC)
    backup_dir = Path(backup_dir or default_backup_dir())
    folder = backup_dir / f"shoal-{now:%Y%m%d-%H%M%S}"
    if folder.exists():
        raise BackupError(f"{folder} already exists: wait a second and try again.")
    partial = backup_dir / f".{folder.name}.partial"
    partial.mkdir(parents=True)
    try:
        database = partial / DATABASE_FILES[engine]
        dump_database(engine, database)
        files = {database.name: sha256(database)}
        media_files = None
        if media_on_disk():
            media_files = archive_media(partial / MEDIA_ARCHIVE)
            files[MEDIA_ARCHIVE] = sha256(partial / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT,
            "created": now.isoformat(timespec="seconds"),
            "engine": engine,
            "media_files": media_files,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        # The backup may hold private documents: only its owner may read it.
        for path in [partial, *partial.iterdir()]:
            path.chmod(0o700 if path.is_dir() else 0o600)
        partial.rename(folder)  # a folder named shoal-* is always complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(folder=folder, engine=engine, media_files=media_files)


def read_backup(folder):
    """The manifest of the backup in ``folder``, after checking that its files are intact."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"There is no backup folder at {folder}.")
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(
            f"{folder} is not a Shoal backup (no readable {MANIFEST}): {error}"
        ) from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("engine") not in DATABASE_FILES
        or not isinstance(manifest.get("files"), dict)
    ):
        raise BackupError(f"{folder} was made by another version of Shoal's backup.")
    if DATABASE_FILES[manifest["engine"]] not in manifest["files"]:
        raise BackupError(
            f"The backup is incomplete: it lists no {DATABASE_FILES[manifest['engine']]}."
        )
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if sha256(path) != digest:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
    return manifest


def restore_backup(folder):
    """Put the database and media of the backup in ``folder`` back; returns its manifest."""
    folder = Path(folder)
    manifest = read_backup(folder)
    engine = engine_name()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database, but the site uses {engine}: "
            "restore it into the same kind of database."
        )
    if MEDIA_ARCHIVE in manifest["files"] and not media_on_disk():
        raise BackupError(
            "The backup holds media files but the site keeps uploads in a bucket: "
            f"unpack {folder / MEDIA_ARCHIVE} into the bucket yourself."
        )
    load_database(engine, folder / DATABASE_FILES[engine])
    if MEDIA_ARCHIVE in manifest["files"]:
        restore_media(folder / MEDIA_ARCHIVE)
    # No page or session from before the restore may be served afterwards.
    for cache in caches.all():
        cache.clear()
    return manifest
