"""Remind each consortium of its bids' deadlines, 7 days and 1 day before. Run daily.

A bid not yet submitted (draft, internal review, awaiting sign-off) gets one reminder on the
day its deadline is 7 days away (or fewer, if the job missed that day), and another when it
is tomorrow or today (UK dates); each is
sent once for that deadline (recorded in ``JointBid.reminders_sent``), so running the job
twice, or late, never repeats one, and a moved deadline gets its own reminders.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from consortium import events
from consortium.bids import workflow
from consortium.bids.models import JointBid
from consortium.events import Event

# (days before the deadline, the reminder's name), nearest first.
REMINDERS = [(1, "1"), (7, "7")]


def due_reminder(bid, now):
    """The reminder ``bid`` should get now and the days left (by UK dates), or (None, None)."""
    if bid.deadline <= now:
        return None, None
    left = (timezone.localdate(bid.deadline) - timezone.localdate(now)).days
    for days, name in REMINDERS:
        if left <= days:
            key = f"{name}@{bid.deadline.isoformat()}"
            if key in (bid.reminders_sent or []):
                return None, None
            return key, left
    return None, None


def send_bid_reminders(now=None):
    """Email the consortium of every bid whose deadline reminder is due; returns how many."""
    now = now or timezone.now()
    longest = max(days for days, _ in REMINDERS)
    bids = JointBid.objects.filter(
        state__in=workflow.EDITABLE,
        deadline__gt=now,
        deadline__lte=now + timedelta(days=longest + 1),
    ).select_related("consortium")
    sent = 0
    for bid in bids:
        key, days = due_reminder(bid, now)
        if key is None:
            continue
        with transaction.atomic():
            # A reminder also stands for any longer one not sent in time.
            done = set(bid.reminders_sent or [])
            done.update(f"{name}@{bid.deadline.isoformat()}" for d, name in REMINDERS if d >= days)
            done.add(key)
            JointBid.objects.filter(pk=bid.pk).update(reminders_sent=sorted(done))
            events.announce(Event.BID_DEADLINE, bid=bid, days=days)
        sent += 1
    return sent


class Command(BaseCommand):
    help = "Email each consortium 7 days and 1 day before its bids' deadlines (once each)."

    def handle(self, *args, **options):
        count = send_bid_reminders()
        self.stdout.write(f"Sent deadline reminders for {count} bid(s).")
