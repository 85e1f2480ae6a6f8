"""Put a backup's database and media back (make restore BACKUP=<folder>)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with those of a backup folder made by "
        "`manage.py backup`. Stop gunicorn and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", help="the backup folder (backups/shoal-...)")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, **options):
        folder = options["backup"]
        if not folder:
            raise CommandError(
                "Say which backup to restore: manage.py restore backups/shoal-<date>-<time> "
                "(or make restore BACKUP=backups/shoal-<date>-<time>)."
            )
        try:
            manifest = read_backup(folder)
            if options["interactive"] and sys.stdin.isatty():
                answer = input(
                    f"This replaces the database and every media file with the backup of "
                    f"{manifest['created']}. Anything saved since is lost. Type 'yes' to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled: nothing was changed.")
            restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {manifest['created']} from {folder}.")
        self.stdout.write(
            "Next: manage.py migrate --noinput (if the backup is older than the code), "
            "manage.py update_index, then start gunicorn and the worker."
        )
