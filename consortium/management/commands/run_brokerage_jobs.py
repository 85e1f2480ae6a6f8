"""Run the brokerage's daily jobs: flag overdue replies, warn and close inactive needs,
expire offers past their date. Run it once a day from cron (see the README)."""

from django.core.management.base import BaseCommand

from consortium.brokerage.rules import run_daily_jobs


class Command(BaseCommand):
    help = "Flag overdue replies, warn about and close inactive needs, expire old offers."

    def handle(self, *args, **options):
        for what, count in run_daily_jobs().items():
            self.stdout.write(f"{what}: {count}")
