"""Import tenders from an OCDS release package file: ``manage.py import_ocds FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consortium.opportunities.ocds import import_release_package


class Command(BaseCommand):
    help = (
        "Import the tenders of an Open Contracting Data Standard (OCDS 1.1.5) release package "
        "JSON file as funding opportunities, one per OCID (a second import updates them). "
        "An invalid file imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the release package (.json)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        result = import_release_package(path)
        if not result.ok:
            raise CommandError("\n".join(["Nothing was imported.", *result.errors]))
        for outcome in result.outcomes:
            line = f"{outcome.action}: {outcome.ocid} {outcome.title}"
            self.stdout.write(" ".join([line, *outcome.notes]))
        self.stdout.write(self.style.SUCCESS(result.summary()))
