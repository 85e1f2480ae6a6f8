"""Load Shoal's demo content. Idempotent: running it twice changes nothing the second time.

It sends no email: the notifications its made-up activity raises (bids moving on, sign-offs
asked for) are held back, and what the demo presents as past is recorded as already told
(home.demo), so the daily jobs do not announce it either. The server, the jobs and
everything else email as usual afterwards (printed in the console in development).
Its output ends with the demo accounts and the address to open.
"""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

from consortium.notifications import messenger
from home.demo.availability import load_availability
from home.demo.bids import DEMO_ACCOUNTS as BID_ACCOUNTS
from home.demo.bids import load_bids
from home.demo.bids_comments import load_bid_comments
from home.demo.bids_formatting import load_bids_formatting
from home.demo.bids_library import load_bids_library
from home.demo.bids_review import load_bids_review
from home.demo.bids_section_review import load_bids_section_review
from home.demo.community import load_community
from home.demo.conversations import load_lead_conversation
from home.demo.member_schemes import load_member_schemes
from home.demo.members import DEMO_ACCOUNTS as MEMBER_ACCOUNTS
from home.demo.members import load_members
from home.demo.opportunities import load_opportunities
from home.demo.photos import load_photos
from home.demo.shifts import load_shifts
from home.demo.site import DEMO_PASSWORD, load_site
from home.demo.tenders import load_tender_sources

DEMO_ACCOUNTS = [
    ("admin", "superuser: the Wagtail admin at /admin/"),
    ("editor", "Communications group: writes pages and submits them for moderation"),
    ("moderator", "Moderators group: approves and publishes; reads and exports survey answers"),
    ("surveys", "Communications and Survey managers: edits surveys, exports their answers"),
    *MEMBER_ACCOUNTS,
    *BID_ACCOUNTS,
]


def accounts_table(accounts=DEMO_ACCOUNTS, password=DEMO_PASSWORD):
    """The demo accounts as a plain-text table: username, password, what they can do."""
    rows = [("username", "password", "what they can do"), *((u, password, r) for u, r in accounts)]
    widths = [max(len(row[column]) for row in rows) for column in (0, 1)]
    return [
        f"  {username:<{widths[0]}}  {secret:<{widths[1]}}  {role}"
        for username, secret, role in rows
    ]


class Command(BaseCommand):
    help = "Load demo pages, images and accounts (development only)."

    def handle(self, *args, **options):
        with messenger.unsent() as held, transaction.atomic():
            # The demo's links (canonical, og:url, sitemap) use the address it is served at,
            # which the last lines below print.
            call_command("configure_site", stdout=io.StringIO(), stderr=self.stderr)
            load_site()
            load_community()
            load_members()
            load_shifts()
            load_member_schemes()
            load_opportunities()
            load_bids()
            load_lead_conversation()
            load_bid_comments()
            load_bids_formatting()
            load_bids_library()
            load_bids_review()
            load_bids_section_review()
            load_photos()
            load_tender_sources()
            load_availability()
        address = Site.objects.get(is_default_site=True).root_url
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if held:
            self.stdout.write(
                f"The {len(held)} notification emails its made-up activity raised were not "
                "sent (the site and its jobs send theirs as usual)."
            )
        self.stdout.write("")
        self.stdout.write("Demo accounts (development only):")
        for line in accounts_table():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Open {address}/ (the Wagtail admin is at {address}/admin/).")
