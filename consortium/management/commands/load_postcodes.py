"""Load postcode centroids: ``manage.py load_postcodes ONSPD.csv`` (or an outward-code CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from consortium.organisations.postcode_loader import UnreadableFile, load_centroids


class Command(BaseCommand):
    help = (
        "Load postcode centroids from the ONS Postcode Directory CSV (columns pcds, lat, "
        "long) or an outward-code summary CSV (postcode district, latitude, longitude). "
        "Rows without coordinates are skipped; postcodes already loaded are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        try:
            with path.open(encoding="utf-8-sig", newline="") as lines, transaction.atomic():
                report = load_centroids(lines)
        except UnicodeDecodeError:
            raise CommandError("The file is not UTF-8 text: save it again as CSV") from None
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Postcode centroids: {report}."))
