"""Volunteering suggestions: needs that fit a volunteer, and volunteers that fit a need.

For a volunteer (their dashboard): open volunteering needs they may see, in the areas of
their profile and their open availability, ranked by how well they fit: the same area, then
countywide; a kind of help they offer; days they said they can help. For an organisation (its
volunteering need's page): volunteers whose open availability covers the need's area, the
kind of help the need asks for and, when the need gives dates, one of those days.

A listing does not say which kind of help it asks for, so the kinds are read from the words
of its title and description (``KIND_WORDS``). Each suggestion list costs the same few
queries however much data there is, and shows at most ``SUGGESTIONS``.
"""

from django.utils import timezone

from consortium import permissions
from consortium.brokerage.availability import (
    in_area,
    open_availabilities,
    unwords,
    weekdays_between,
)
from consortium.brokerage.models import Category, Listing, ListingKind, ListingStatus, Moderation
from consortium.organisations.models import Area
from consortium.organisations.people import HelpKind

SUGGESTIONS = 5
CANDIDATES = 100

# Word beginnings that say a listing asks for a kind of help (lower case).
KIND_WORDS = {
    HelpKind.PRACTICAL: ("driv", "lift", "garden", "diy", "transport", "repair", "shopping"),
    HelpKind.BEFRIENDING: ("befriend", "visit", "companion", "lonel", "friend"),
    HelpKind.EVENTS: ("event", "fundrais", "stall", "festival", "collection"),
    HelpKind.SKILLS: ("financ", "account", "legal", "computer", "marketing", "website", "skill"),
    HelpKind.TRUSTEE: ("trustee", "board", "governance", "treasurer"),
    HelpKind.ADMIN: ("admin", "office", "filing", "data entry", "reception"),
}


def kinds_asked(listing):
    """The HelpKind values a listing's words point to (may be none)."""
    text = f"{listing.title} {listing.description}".lower()
    return {kind.value for kind, stems in KIND_WORDS.items() if any(s in text for s in stems)}


def need_days(listing):
    """The days a need falls on when it gives dates, else None (any day)."""
    if listing.available_from and listing.available_until:
        return weekdays_between(listing.available_from, listing.available_until)
    return None


def _dates_overlap(availability, listing):
    """False when the availability's dates end before the need starts, or start after it."""
    starts_after = (
        listing.available_until
        and availability.available_from
        and availability.available_from > listing.available_until
    )
    ends_before = (
        listing.available_from
        and availability.available_until
        and availability.available_until < listing.available_from
    )
    return not (starts_after or ends_before)


def _open_volunteering_needs():
    return Listing.objects.filter(
        kind=ListingKind.NEED,
        category=Category.VOLUNTEERING,
        status=ListingStatus.OPEN,
        moderation=Moderation.APPROVED,
    )


def needs_for_volunteer(user, today=None):
    """[(listing, [why it fits])], best first, at most SUGGESTIONS: two queries."""
    if not permissions.can_post_availability(user):
        return []
    today = today or timezone.localdate()
    person = user.person
    mine = list(open_availabilities(today).filter(user=user))
    areas = set(person.areas or []) | {a for av in mine for a in unwords(av.areas)}
    kinds = set(person.help_kinds or []) | {k for av in mine for k in unwords(av.help_kinds)}
    days = {d for av in mine for d in unwords(av.days)}
    needs = permissions.visible_listings(user, _open_volunteering_needs(), today).exclude(
        replies__user=user
    )
    needs = needs.exclude(available_until__lt=today)
    if areas and Area.COUNTYWIDE not in areas:
        needs = needs.filter(area__in=[*areas, Area.COUNTYWIDE])
    ranked = []
    for listing in needs.select_related("organisation").order_by("-created_at", "-pk")[:CANDIDATES]:
        score, why = 0, []
        if listing.area in areas:
            score, why = 2, [f"In {listing.get_area_display()}"]
        elif listing.area == Area.COUNTYWIDE:
            score, why = 1, ["Countywide"]
        asked = kinds_asked(listing) & kinds
        if asked:
            score += 2
            why.append(", ".join(HelpKind(k).label.split(" (")[0] for k in sorted(asked)))
        on = need_days(listing)
        if on is not None and days:
            if on & days:
                score += 1
                why.append("On a day you can help")
            else:
                score -= 2
        ranked.append((score, listing, why))
    ranked.sort(key=lambda row: -row[0])  # stable: newest first within a score
    return [(listing, why) for _, listing, why in ranked[:SUGGESTIONS]]


def volunteers_for_need(listing, today=None):
    """[Availability] that fit a volunteering need, newest first, at most SUGGESTIONS: one
    query."""
    if listing.kind != ListingKind.NEED or listing.category != Category.VOLUNTEERING:
        return []
    today = today or timezone.localdate()
    found = open_availabilities(today)
    if listing.area != Area.COUNTYWIDE:
        found = in_area(found, listing.area)
    kinds = kinds_asked(listing)
    days = need_days(listing)
    fitting = []
    for availability in found.select_related("user").order_by("-updated_at", "-pk")[:CANDIDATES]:
        if kinds and not kinds & set(unwords(availability.help_kinds)):
            continue
        if days is not None and not days & set(unwords(availability.days)):
            continue
        if not _dates_overlap(availability, listing):
            continue
        fitting.append(availability)
        if len(fitting) == SUGGESTIONS:
            break
    return fitting
