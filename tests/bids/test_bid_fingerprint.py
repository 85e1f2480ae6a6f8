"""A sign-off's fingerprint depends on the bid's content only, never on how it was loaded."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from consortium.bids import versions as bids
from consortium.models import BudgetLine, JointBid
from tests.bids.world import make_bid_world

pytestmark = pytest.mark.django_db


def test_the_same_bid_typed_or_read_back_has_the_same_fingerprint():
    p = make_bid_world()
    bid = p.bid
    # As typed on a form: a UK wall-clock deadline and whole pounds.
    bid.deadline = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    bid.amount_requested = Decimal("48000")
    bid.save()
    BudgetLine.objects.create(
        bid=bid,
        organisation=p.lead_org,
        category="staff",
        description="Coordinator",
        amount=Decimal("18500"),
    )
    typed = bids.fingerprint(bid)
    # As read back from the database: UTC and pence.
    assert bids.fingerprint(JointBid.objects.get(pk=bid.pk)) == typed

    bid.amount_requested = Decimal("48000.01")
    assert bids.fingerprint(bid) != typed  # a penny is a change
