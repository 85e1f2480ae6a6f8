"""make backup and make restore: a backup taken, the site changed, the backup restored, and
every row of every table and every media file's bytes found as they were.

The comparison is generic (every table the database holds, every file under MEDIA_ROOT), so
whatever a later change stores (a new model, stored submissions, new uploads) is covered
without touching this file. On PostgreSQL (make test-postgres) the same test goes through
pg_dump and pg_restore; on SQLite through SQLite's backup API.
"""

import hashlib
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from consortium.bids import moves, versions
from consortium.models import (
    BidSection,
    BidState,
    DocumentKind,
    JointBid,
    Organisation,
    OrganisationDocument,
    SignOff,
    SubmittedDocument,
)
from tests.bids.world import add_line, make_bid_world, make_ready
from tests.factories import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def every_row():
    """Table name → its rows, sorted, for every table in the database."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return tables


def every_file(media_root):
    root = Path(media_root)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def table_of(model):
    return model._meta.db_table


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def write_section(section, body, user):
    saved, _ = versions.save_with_merge(
        BidSection, section.pk, section.version, {"body": body, "status": "drafting"}, user
    )
    versions.content_changed(section.bid, user, f"The section “{saved.title}”")
    return saved


def vault_file(organisation, title, data, user, name):
    document = OrganisationDocument(
        organisation=organisation,
        kind=DocumentKind.SAFEGUARDING,
        title=title,
        uploaded_by=user,
        original_name=name,
        size=len(data),
    )
    document.file.save(name, ContentFile(data), save=True)
    return document


def a_bid_with_history_sign_offs_and_vault_files():
    """A bid written by two partners, signed off by both and submitted (its PDF and Word
    files kept), and a file in each partner's vault."""
    world = make_bid_world()
    summary, delivery, _ = world.sections
    write_section(summary, "We will run advice sessions in six villages.", world.lead)
    write_section(delivery, "Millbank runs the sessions; Hollins drives.", world.partner)
    add_line(world.bid, world.lead_org, Decimal("12500.50"))
    add_line(world.bid, world.partner_org, 8000, description="Session costs", is_private=True)
    make_ready(world.bid)
    world.bid.refresh_from_db()
    moves.move(world.bid, BidState.INTERNAL_REVIEW, world.lead)
    moves.move(world.bid, BidState.AWAITING_SIGN_OFF, world.lead)
    versions.sign_off(world.bid, world.lead_org, world.lead)
    versions.sign_off(world.bid, world.partner_org, world.partner)
    moves.move(world.bid, BidState.SUBMITTED, world.lead)
    vault_file(world.lead_org, "Safeguarding policy", pdf_bytes(2), world.lead, "policy.pdf")
    vault_file(world.partner_org, "Logo", png_bytes(), world.partner, "logo.png")
    return world


def test_a_restored_backup_gives_back_every_row_and_every_file(media_root, tmp_path):
    world = a_bid_with_history_sign_offs_and_vault_files()
    before_rows, before_files = every_row(), every_file(media_root)
    # The round trip means something only if the things it promises to keep are there.
    assert len(before_rows[table_of(JointBid)]) == 1
    assert len(before_rows[table_of(BidSection.history.model)]) >= 5
    assert len(before_rows[table_of(SignOff)]) == 2
    assert len(before_rows[table_of(OrganisationDocument)]) == 2
    assert len(before_rows[table_of(SubmittedDocument)]) == 2  # the PDF and the Word file
    assert len(before_files) == 4

    call_command("backup", output_dir=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").glob("shoal-*")

    # Afterwards: the bid is deleted, an organisation renamed, one file lost, one changed and
    # one stray upload added.
    JointBid.objects.filter(pk=world.bid.pk).delete()
    Organisation.objects.filter(pk=world.lead_org.pk).update(name="Renamed by mistake")
    kept = sorted(name for name in before_files if name.startswith("submissions/"))
    vault = sorted(name for name in before_files if name not in kept)
    policy, logo = (media_root / name for name in vault)
    (kept_pdf,) = (media_root / name for name in kept if name.endswith(".pdf"))
    policy.unlink()
    kept_pdf.write_bytes(b"not what the funder received")
    logo.write_bytes(b"not the logo")
    (media_root / "stray.txt").write_text("uploaded after the backup")
    assert every_row() != before_rows

    call_command("restore", str(folder), interactive=False)

    after_rows = every_row()
    assert sorted(after_rows) == sorted(before_rows)
    for table, rows in before_rows.items():
        assert after_rows[table] == rows, f"{table} differs after the restore"
    assert every_file(media_root) == before_files
    assert JointBid.objects.get().title == world.bid.title


def test_a_backup_folder_says_what_it_holds_and_only_its_owner_can_read_it(media_root, tmp_path):
    a_bid_with_history_sign_offs_and_vault_files()

    call_command("backup", output_dir=str(tmp_path / "backups"))

    (folder,) = (tmp_path / "backups").glob("shoal-*")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["media_files"] == 4
    database = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert set(manifest["files"]) == {database, "media.tar"}
    assert folder.stat().st_mode & 0o077 == 0
    assert all(path.stat().st_mode & 0o077 == 0 for path in folder.iterdir())


def test_restore_without_a_backup_says_how_to_name_one():
    with pytest.raises(CommandError, match="Say which backup to restore"):
        call_command("restore", interactive=False)


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="There is no backup folder"):
        call_command("restore", str(tmp_path / "missing"), interactive=False)
    with pytest.raises(CommandError, match="is not a Shoal backup"):
        call_command("restore", str(tmp_path), interactive=False)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(media_root, tmp_path):
    world = a_bid_with_history_sign_offs_and_vault_files()
    call_command("backup", output_dir=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").glob("shoal-*")
    with (folder / "media.tar").open("r+b") as archive:
        archive.seek(600)
        archive.write(b"damage")
    Organisation.objects.filter(pk=world.lead_org.pk).update(name="Changed since")

    with pytest.raises(CommandError, match="media.tar does not match its checksum"):
        call_command("restore", str(folder), interactive=False)

    assert Organisation.objects.get(pk=world.lead_org.pk).name == "Changed since"


def test_restore_refuses_a_backup_of_the_other_kind_of_database(tmp_path):
    call_command("backup", output_dir=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").glob("shoal-*")
    # As if it had been made on the other engine: its database file and manifest say so.
    files = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
    mine = connection.vendor
    other = "sqlite" if mine == "postgresql" else "postgresql"
    (folder / files[mine]).rename(folder / files[other])
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][files[other]] = manifest["files"].pop(files[mine])
    manifest["engine"] = other
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="restore it into the same kind of database"):
        call_command("restore", str(folder), interactive=False)


# Only SQLite backups copy a live file; PostgreSQL's pg_dump is a consistent snapshot by
# design and is covered by the round trip above on the PostgreSQL run.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API")
def test_a_sqlite_backup_taken_while_someone_writes_holds_only_what_was_saved(tmp_path):
    world = make_bid_world()
    writer = sqlite3.connect(connection.settings_dict["NAME"], timeout=1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            f"UPDATE {table_of(JointBid)} SET title = 'half-saved' WHERE id = ?", (world.bid.pk,)
        )
        call_command("backup", output_dir=str(tmp_path / "backups"))
    finally:
        writer.rollback()
        writer.close()

    (folder,) = (tmp_path / "backups").glob("shoal-*")
    copy = sqlite3.connect(folder / "database.sqlite3")
    try:
        (title,) = copy.execute(f"SELECT title FROM {table_of(JointBid)}").fetchone()
    finally:
        copy.close()
    assert title == world.bid.title


def test_restore_refuses_a_backup_whose_manifest_lists_no_database(tmp_path):
    manifest = {"format": 1, "created": "2026-12-06T02:15:00+00:00", "engine": "sqlite"}
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "files": {}}))

    with pytest.raises(CommandError, match="incomplete: it lists no database.sqlite3"):
        call_command("restore", str(tmp_path), interactive=False)
