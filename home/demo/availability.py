"""Demo volunteering: when the demo volunteers can help, an organisation asking one of them,
and an hours log on the treasurer match (still under way, so impact does not count it yet).

Saved directly (no emails: what made-up people do is news to no one). A second run finds
them and adds nothing.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from consortium.brokerage import hours
from consortium.brokerage.availability import Availability, AvailabilityAsk, words
from consortium.models import Match, Organisation

# (username, kinds of help, areas, online, days, parts of the day, note, show first name)
AVAILABILITY = [
    (
        "volunteer",
        ["practical", "befriending"],
        ["north", "rural"],
        False,
        ["tue", "thu"],
        ["morning"],
        "I have a car and can take two passengers: lifts to appointments and the shops.",
        True,
    ),
    (
        "sam",
        ["skills"],
        [],
        True,
        ["mon", "wed"],
        ["evening"],
        "Websites and social media, through Harbour Street Printers' community programme.",
        False,
    ),
]

ASK = (
    "volunteer",
    "Castle Ward Food Pantry",
    "amira",
    "Could you drive two of our older visitors to the pantry on Tuesday mornings?",
)

# The treasurer match's hours log: (side, days ago, hours, note)
TREASURER = "A treasurer for six months"
TREASURER_HOURS = [
    ("responder", 10, "3.5", "Bank reconciliation"),
    ("responder", 3, "4", "Quarterly accounts"),
    ("owner", 3, "4", "Quarterly accounts with Tom"),
]


# Where the demo volunteers live, to the first part of the postcode (see home.demo.photos).
DISTRICTS = {"volunteer": "AB3", "sam": "AB1"}


def load_availability():
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["volunteer", "sam", "amira"])
    }
    for username, kinds, areas, online, days, parts, note, show in AVAILABILITY:
        user = users.get(username)
        if user is None or user.availabilities.exists():
            continue
        Availability.objects.create(
            user=user,
            help_kinds=words(kinds),
            areas=words(areas),
            online=online,
            days=words(days),
            parts_of_day=words(parts),
            note=note,
            show_first_name=show,
            postcode_district=DISTRICTS.get(username, ""),
        )
    username, organisation_name, asker, message = ASK
    availability = Availability.objects.filter(user__username=username).first()
    organisation = Organisation.objects.filter(name=organisation_name).first()
    if availability and organisation and not availability.asks.exists():
        AvailabilityAsk.objects.create(
            availability=availability,
            organisation=organisation,
            asked_by=users.get(asker),
            message=message,
        )
    _log_treasurer_hours()


def _log_treasurer_hours():
    match = (
        Match.objects.filter(listing__title=TREASURER)
        .select_related("listing__posted_by", "listing__organisation", "reply__user")
        .first()
    )
    if match is None or match.hours_entries.exists():
        return
    today = timezone.localdate()
    listing = match.listing
    poster = listing.posted_by or next(
        (m.user for m in listing.organisation.memberships.approved().select_related("user")),
        None,
    )
    for side, days_ago, figure, note in TREASURER_HOURS:
        hours.HoursEntry.objects.create(
            match=match,
            side=side,
            worked_on=today - datetime.timedelta(days=days_ago),
            hours=Decimal(figure),
            note=note,
            logged_by=match.reply.user if side == "responder" else poster,
        )
    hours.apply_log(match)
    match.save(update_fields=["hours"])
