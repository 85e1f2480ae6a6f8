"""Each offer or need on the resources list is a card: what it is, where, its cost, who
posts it, until when, its first photo, and whether it is still open or approved."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consortium.models import Audience, CostBasis, ListingKind, ListingStatus
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user
from tests.brokerage.photos import add_photos

pytestmark = pytest.mark.django_db


def _card(page, title):
    """The card whose heading links to ``title``."""
    for card in re.findall(r'<div class="shoal-listing-summary.*?</div></div>', page, re.S):
        if f">{title}</a></h3>" in card:
            return card
    raise AssertionError(f"No card for {title!r}")


def test_a_card_shows_kind_category_area_cost_organisation_and_date(personas):
    until = timezone.localdate() + datetime.timedelta(days=30)
    listing = make_listing(
        personas.other_organisation,
        title="Folding <tables> & chairs",
        kind=ListingKind.OFFER,
        cost_basis=CostBasis.FREE,
        available_until=until,
        audience=Audience.PUBLIC,
    )
    page = as_user("member", personas).get(reverse("listings:index")).content.decode()
    card = _card(page, "Folding &lt;tables&gt; &amp; chairs")
    assert f'href="{reverse("listings:detail", args=[listing.pk])}"' in card
    assert '<strong class="govuk-tag govuk-tag--green">Offer</strong>' in card
    assert f"{listing.get_category_display()} · {listing.get_area_display()} · Free" in card
    assert f"{personas.other_organisation.name} · until {until:%-d %B %Y}" in card
    assert "<strong>" not in card.split("</strong>", 1)[1]  # open and approved: no notes


def test_a_card_says_when_a_listing_is_expired_or_waiting_for_approval(personas):
    past = timezone.localdate() - datetime.timedelta(days=1)
    make_listing(
        personas.organisation,
        title="Old offer of paint",
        kind=ListingKind.OFFER,
        available_until=past,
    )
    make_listing(personas.organisation, title="New need for vans", moderation="pending")
    page = (
        as_user("member", personas)
        .get(reverse("listings:index"), {"include_closed": "on"})
        .content.decode()
    )
    expired = ListingStatus.EXPIRED.label
    assert f"· <strong>{expired}</strong>" in _card(page, "Old offer of paint")
    need = _card(page, "New need for vans")
    assert '<strong class="govuk-tag govuk-tag--blue">Need</strong>' in need
    assert "· <strong>Waiting for approval</strong>" in need


def test_a_card_shows_the_listings_first_photo(personas):
    listing = make_listing(personas.organisation, title="Six folding tables")
    make_listing(personas.organisation, title="Volunteers to sort food parcels")
    first, _ = add_photos(listing, personas.member, 2)
    page = as_user("member", personas).get(reverse("listings:index")).content.decode()
    card = _card(page, "Six folding tables")
    assert card.startswith('<div class="shoal-listing-summary shoal-listing-summary--photo">')
    assert f'src="{reverse("listings:photo_card", args=[first.pk])}"' in card
    assert 'alt="Six folding tables 1"' in card
    assert "shoal-listing-summary--photo" not in _card(page, "Volunteers to sort food parcels")
