"""Delete the counts behind the rate limits once their window has passed (a daily job)."""

from django.core.management.base import BaseCommand

from portal.throttling import prune_hits


class Command(BaseCommand):
    help = "Delete password-reset and two-factor code counts older than their window."

    def handle(self, *args, **options):
        deleted = prune_hits()
        self.stdout.write(f"Deleted {deleted} old rate-limit count{'s' if deleted != 1 else ''}.")
