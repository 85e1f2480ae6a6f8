"""Run the daily joint-buying jobs: announce opened schemes, remind before a close, close."""

from django.core.management.base import BaseCommand

from consortium.buying import rules as buying


class Command(BaseCommand):
    help = (
        "Tell members about schemes that opened, remind them 3 days before a scheme closes "
        "(once), and close schemes whose order window has ended. Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        report = buying.run_jobs()
        self.stdout.write(
            f"Announced {len(report.opened)}, reminded {len(report.reminded)}, "
            f"closed {len(report.closed)} scheme(s)."
        )
