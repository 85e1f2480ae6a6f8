"""Offers and needs near me: "within N miles of my organisation", and "about N miles away"."""

import pytest
from django.urls import reverse

from consortium.models import ListingKind, PostcodeCentroid
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user
from tests.brokerage.photos import add_photos
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(personas):
    """The member's organisation (SW1A 1AA) in Westminster; the other one 4 miles off in
    Camden (its outward code only), a third in Manchester."""
    PostcodeCentroid.objects.create(code="SW1A 1AA", latitude=51.501009, longitude=-0.141588)
    PostcodeCentroid.objects.create(code="NW5", latitude=51.554, longitude=-0.142)
    PostcodeCentroid.objects.create(code="M1", latitude=53.479, longitude=-2.237)
    personas.other_organisation.postcode = "NW5 1TL"
    personas.other_organisation.save()
    far = OrganisationFactory(name="Ancoats Tool Library", postcode="M1 1AE")
    near = make_listing(personas.other_organisation, title="Camden chairs")
    distant = make_listing(far, title="Manchester chairs")
    return near, distant


def _index(personas, persona="member", **filters):
    return as_user(persona, personas).get(reverse("listings:index"), filters).content.decode()


def test_a_member_sees_how_far_away_each_listing_is(personas, places):
    page = _index(personas)
    assert "about 4 miles away" in page
    assert "about 163 miles away" in page


def test_within_five_miles_shows_only_the_listings_near_my_organisation(personas, places):
    page = _index(personas, within="5")
    assert "Camden chairs" in page
    assert "Manchester chairs" not in page
    assert "Manchester chairs" not in _index(personas, within="25")


def test_a_listing_whose_postcode_is_unknown_is_left_out_of_a_distance_search(personas, places):
    make_listing(OrganisationFactory(name="Nowhere Trust"), title="Nowhere chairs")
    page = _index(personas, within="25")
    assert "Nowhere chairs" not in page
    assert "Nowhere chairs" in _index(personas)


def test_without_a_known_postcode_the_member_is_told_why_and_nothing_breaks(personas, places):
    personas.organisation.postcode = ""
    personas.organisation.save()
    page = _index(personas, within="5")
    assert "Distances cannot be measured yet" in page
    assert "Camden chairs" in page and "Manchester chairs" in page  # no filter applied


def test_visitors_and_volunteers_have_no_distance_filter(personas, places):
    for persona in ("anonymous", "volunteer"):
        page = _index(personas, persona)
        assert "Distance from your organisation" not in page
        assert "miles away" not in page


def test_the_listing_page_says_how_far_away_it_is(personas, places):
    near, _ = places
    page = as_user("member", personas).get(reverse("listings:detail", args=[near.pk]))
    assert "about 4 miles away" in page.content.decode()


def test_no_map_and_no_map_script_unless_a_tile_server_is_configured(personas, places, settings):
    near, _ = places
    member = as_user("member", personas)
    page = member.get(reverse("listings:detail", args=[near.pk])).content.decode()
    assert "map.js" not in page and "shoal-map" not in page
    settings.SHOAL_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    page = member.get(reverse("listings:detail", args=[near.pk])).content.decode()
    assert 'data-module="shoal-map"' in page
    assert 'data-lat="51.55400"' in page
    assert "map.js" in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_with_photos_and_distances_costs_the_same_queries_however_many(
    personas, places, count, django_assert_max_num_queries
):
    for number in range(count):
        offer = make_listing(
            personas.other_organisation, kind=ListingKind.OFFER, title=f"Offer {number}"
        )
        add_photos(offer, personas.other_member, 2)
    client = as_user("member", personas)
    client.get(reverse("listings:index"))  # the site settings row is made on the first visit
    with django_assert_max_num_queries(18):
        response = client.get(reverse("listings:index"), {"within": "10"})
    assert response.content.decode().count("/card/") == min(count, 20)
