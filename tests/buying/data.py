"""Schemes, pledges and completed matches for the joint-buying and impact tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from consortium.models import (
    Category,
    Listing,
    ListingKind,
    Match,
    MatchStatus,
    Organisation,
    Pledge,
    Reply,
    Scheme,
    SchemeStatus,
    SupplierQuote,
)
from tests.factories import UserFactory


def make_scheme(coordinator, title="Winter heating oil", **fields):
    today = timezone.localdate()
    values = {
        "commodity": "heating-oil",
        "unit": "litres",
        "minimum_order": Decimal("500"),
        "target_total": Decimal("10000"),
        "opens_on": today - datetime.timedelta(days=5),
        "closes_on": today + datetime.timedelta(days=20),
        "status": SchemeStatus.OPEN,
        "description": "One order for the whole county, delivered in the first week.",
    }
    values.update(fields)
    scheme, _ = Scheme.objects.get_or_create(title=title, coordinator=coordinator, defaults=values)
    return scheme


def add_quotes(scheme):
    SupplierQuote.objects.create(scheme=scheme, supplier="Vale Fuels", unit_price=Decimal("0.7100"))
    return SupplierQuote.objects.create(
        scheme=scheme, supplier="County Oil Ltd", unit_price=Decimal("0.6543"), chosen=True
    )


def add_pledging_organisations(scheme, count, start=0, quantity=Decimal("500")):
    for n in range(start, start + count):
        organisation = Organisation.objects.create(name=f"Village hall {n}", postcode="SW1A 1AA")
        Pledge.objects.create(scheme=scheme, organisation=organisation, quantity=quantity)


def make_match(
    listing_org,
    reply_org=None,
    *,
    category=Category.VOLUNTEERING,
    status=MatchStatus.COMPLETED,
    completed_at=None,
    **outcome,
):
    author = UserFactory()
    listing = Listing.objects.create(
        kind=ListingKind.NEED,
        category=category,
        title="Help wanted",
        description="Help wanted at the food bank",
        organisation=listing_org,
    )
    reply = Reply.objects.create(
        listing=listing, user=author, organisation=reply_org, message="We can help"
    )
    return Match.objects.create(
        reply=reply,
        listing=listing,
        status=status,
        completed_at=completed_at or timezone.now(),
        **outcome,
    )
