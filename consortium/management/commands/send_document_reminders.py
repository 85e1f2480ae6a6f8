"""Remind members of vault documents that expire soon. Run daily from cron."""

from django.core.management.base import BaseCommand

from consortium.organisations.vault import send_document_reminders


class Command(BaseCommand):
    help = "Email each organisation's members about documents that expire within 30 days."

    def handle(self, *args, **options):
        count = send_document_reminders()
        self.stdout.write(f"Sent reminders about {count} document(s).")
