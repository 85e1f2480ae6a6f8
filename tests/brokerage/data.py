"""Helpers for the offers-and-needs tests: listings, replies and matches in a line each."""

from consortium.models import Area, Audience, Category, Listing, ListingKind, Moderation


def make_listing(organisation, **fields):
    values = {
        "kind": ListingKind.NEED,
        "category": Category.VOLUNTEERING,
        "title": "Volunteers to sort food parcels",
        "description": "Two hours on Saturday mornings at the church hall.",
        "area": Area.NORTH,
        "audience": Audience.MEMBERS,
        "moderation": Moderation.APPROVED,
    }
    values.update(fields)
    return Listing.objects.create(organisation=organisation, **values)
