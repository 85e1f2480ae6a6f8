"""Back up the database and media into a dated folder (make backup)."""

from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, default_backup_dir, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup API while the site runs) and the "
        "media files into a new folder backups/shoal-<date>-<time>/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            help=f"where to put the backup folder (BACKUP_DIR; now {default_backup_dir()})",
        )

    def handle(self, *args, **options):
        try:
            backup = make_backup(options["output_dir"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = (
            "media is in a bucket, not included"
            if backup.media_files is None
            else f"{backup.media_files} media file{'s' if backup.media_files != 1 else ''}"
        )
        self.stdout.write(f"Backed up the {backup.engine} database and {media} to:")
        self.stdout.write(str(backup.folder))
