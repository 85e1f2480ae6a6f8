"""Demo joint buying run by members: Fernlea Good Neighbours (the ``member`` account) runs a
scheme for printer paper with two suppliers' banded quotes and some pledges; Castle Ward
Food Pantry (``amira``) has proposed one that waits for the ``broker``'s approval; and
Fernlea's first-aid training closed short of its minimum, so it waits on the ``member``'s
to-do list for a choice. Saved directly: what made-up people do is news to no one."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from consortium.models import (
    Commodity,
    Organisation,
    Pledge,
    PriceBand,
    Scheme,
    SchemeStatus,
    SupplierQuote,
)

FERNLEA = "Fernlea Good Neighbours"

# (slug, coordinator, proposer, status, opened days ago, closes in days, details)
SCHEMES = [
    (
        "recycled-printer-paper",
        FERNLEA,
        "member",
        SchemeStatus.OPEN,
        7,
        21,
        {
            "title": "Recycled printer paper",
            "commodity": Commodity.OTHER,
            "description": "A4 recycled paper for newsletters and forms, bought by the box "
            "together so every group pays the bulk price.",
            "unit": "boxes",
            "minimum_order": Decimal("2"),
            "target_total": Decimal("40"),
            "delivery_area": "Market Town and the villages within 10 miles",
        },
    ),
    (
        "first-aid-training-places",
        FERNLEA,
        "member",
        SchemeStatus.SHORT,
        40,
        -2,
        {
            "title": "First aid training places",
            "commodity": Commodity.TRAINING,
            "description": "A day's first aid at work course for volunteers, run locally.",
            "unit": "places",
            "minimum_order": Decimal("1"),
            "target_total": Decimal("12"),
            "delivery_area": "Fernlea Community Centre",
        },
    ),
    (
        "food-safe-storage-boxes",
        "Castle Ward Food Pantry",
        "amira",
        SchemeStatus.PROPOSED,
        -10,
        40,
        {
            "title": "Food-safe storage boxes",
            "commodity": Commodity.OTHER,
            "description": "Stackable lidded crates for food banks and lunch clubs.",
            "unit": "crates",
            "minimum_order": Decimal("10"),
            "target_total": Decimal("200"),
            "delivery_area": "Castle Ward and the town centre",
        },
    ),
]

# slug: [(supplier, [(from total, price per unit)])]
QUOTES = {
    "recycled-printer-paper": [
        ("Dales Office Supplies", [("0", "24.00"), ("20", "21.50"), ("50", "19.00")]),
        ("Green Paper Co-operative", [("10", "23.00"), ("40", "20.00")]),
    ],
    "first-aid-training-places": [
        ("Red Rose First Aid", [("6", "95.00"), ("12", "80.00")]),
    ],
}

# slug: [(organisation, quantity)]
PLEDGES = {
    "recycled-printer-paper": [
        (FERNLEA, "6"),
        ("Castle Ward Food Pantry", "10"),
        ("Hillside Village Halls Association", "8"),
    ],
    "first-aid-training-places": [
        (FERNLEA, "4"),
        ("Three Valleys Community Transport", "3"),
    ],
}


def load_member_schemes():
    """Add the demo's member-run schemes once (a second run finds them and adds nothing)."""
    today = timezone.localdate()
    users = get_user_model().objects.in_bulk(["member", "amira"], field_name="username")
    organisations = Organisation.objects.in_bulk(
        {name for _, name, *_ in SCHEMES}
        | {name for pledges in PLEDGES.values() for name, _ in pledges},
        field_name="name",
    )
    for slug, coordinator, proposer, status, opened, closes, fields in SCHEMES:
        if coordinator not in organisations or Scheme.objects.filter(slug=slug).exists():
            continue
        scheme = Scheme.objects.create(
            slug=slug,
            coordinator=organisations[coordinator],
            member_run=True,
            proposed_by=users.get(proposer),
            status=status,
            opens_on=today - datetime.timedelta(days=opened),
            closes_on=today + datetime.timedelta(days=closes),
            opening_notice_sent_on=today - datetime.timedelta(days=opened) if opened > 0 else None,
            reviewed_at=timezone.now() if status != SchemeStatus.PROPOSED else None,
            **fields,
        )
        for supplier, bands in QUOTES.get(slug, []):
            quote = SupplierQuote.objects.create(scheme=scheme, supplier=supplier)
            PriceBand.objects.bulk_create(
                PriceBand(quote=quote, from_quantity=Decimal(start), unit_price=Decimal(price))
                for start, price in bands
            )
        for name, quantity in PLEDGES.get(slug, []):
            if name in organisations:
                Pledge.objects.create(
                    scheme=scheme, organisation=organisations[name], quantity=Decimal(quantity)
                )
