"""Load Shoal's demo content. Idempotent: running it twice changes nothing the second time."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo.bids import DEMO_ACCOUNTS as BID_ACCOUNTS
from home.demo.bids import load_bids
from home.demo.community import load_community
from home.demo.members import DEMO_ACCOUNTS as MEMBER_ACCOUNTS
from home.demo.members import load_members
from home.demo.opportunities import load_opportunities
from home.demo.site import DEMO_PASSWORD, load_site

DEMO_ACCOUNTS = [
    ("admin", "superuser: the Wagtail admin at /admin/"),
    ("editor", "Communications group: writes pages and submits them for moderation"),
    ("moderator", "Moderators group: approves and publishes; reads and exports survey answers"),
    ("surveys", "Communications and Survey managers: edits surveys, exports their answers"),
    *MEMBER_ACCOUNTS,
    *BID_ACCOUNTS,
]


class Command(BaseCommand):
    help = "Load demo pages, images and accounts (development only)."

    def handle(self, *args, **options):
        with transaction.atomic():
            # The demo's links (canonical, og:url, sitemap) use the address it is served at.
            call_command("configure_site", stdout=self.stdout, stderr=self.stderr)
            load_site()
            load_community()
            load_members()
            load_opportunities()
            load_bids()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}', development only):")
        for username, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {role}")
