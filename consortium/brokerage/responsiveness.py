"""How quickly an organisation answers and how often its matches are completed.

Shown on its profile so that others know what to expect. Both figures cost one query
each however many replies and matches there are.
"""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q

from consortium.brokerage.models import Listing, Match, MatchStatus, Reply

# Matches that have ended one way or the other (agreed ones are still in progress).
FINISHED = [MatchStatus.COMPLETED, MatchStatus.NO_SHOW, MatchStatus.CANCELLED]


@dataclass
class Responsiveness:
    median_first_reply: timedelta | None  # None until one reply has been answered
    answered: int
    matches_finished: int
    matches_completed: int

    @property
    def completed_share(self):
        """Percentage (0-100) of finished matches that were completed, or None."""
        if not self.matches_finished:
            return None
        return round(100 * self.matches_completed / self.matches_finished)


def median_first_reply(organisation):
    """Median time from a reply to one of the organisation's listings to its answer."""
    waits = [
        answered - created
        for created, answered in Reply.objects.filter(
            listing__organisation=organisation, answered_at__isnull=False
        ).values_list("created_at", "answered_at")
        if answered >= created
    ]
    return (statistics.median_low(waits) if waits else None), len(waits)


def responsiveness(organisation):
    """The organisation's :class:`Responsiveness` (two queries)."""
    median, answered = median_first_reply(organisation)
    # Ids by subquery rather than joins: an OR across two joins makes PostgreSQL read every
    # match, while two id lists use the indexes on the match's foreign keys.
    listings = Listing.objects.filter(organisation=organisation).values("pk")
    replies = Reply.objects.filter(organisation=organisation).values("pk")
    counts = Match.objects.filter(Q(listing__in=listings) | Q(reply__in=replies)).aggregate(
        finished=Count("pk", filter=Q(status__in=FINISHED)),
        completed=Count("pk", filter=Q(status=MatchStatus.COMPLETED)),
    )
    return Responsiveness(
        median_first_reply=median,
        answered=answered,
        matches_finished=counts["finished"],
        matches_completed=counts["completed"],
    )


def describe_wait(wait):
    """A wait in plain words: "under an hour", "5 hours", "3 days"."""
    if wait is None:
        return ""
    hours = wait.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 48:
        whole = round(hours)
        return f"{whole} hour{'s' if whole != 1 else ''}"
    days = round(hours / 24)
    return f"{days} days"
