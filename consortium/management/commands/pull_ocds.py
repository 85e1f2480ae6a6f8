"""Read the OCDS sources staff set in the admin: ``manage.py pull_ocds`` (from cron)."""

from django.core.management.base import BaseCommand

from consortium.opportunities.pulling import pull_due_sources, pull_ocds_sources


class Command(BaseCommand):
    help = (
        "Read each enabled OCDS source whose hour or day has passed since it was last read, "
        "and import its tenders (one per OCID, so a second read adds nothing). Each source's "
        "result or error is shown in the admin. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="read every enabled source, due or not"
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue the reading as a background task for the worker instead of now",
        )

    def handle(self, *args, **options):
        if options["queue"]:
            result = pull_ocds_sources.enqueue(every=options["all"])
            self.stdout.write(f"Queued as task {result.id}.")
            return
        sources = pull_due_sources(every=options["all"])
        for source in sources:
            outcome = f"error: {source.last_error}" if source.last_error else source.last_result
            self.stdout.write(f"{source.name}: {outcome}")
        self.stdout.write(f"Read {len(sources)} source(s).")
