"""Photos and distances in a real chromium: a member adds described photos to an offer,
orders them, and another member finds the offer on the list, near them, with its photo.
axe checks the pages at 1280 and 320 px wide."""

import pytest
from playwright.sync_api import expect

from consortium.models import ListingKind, PostcodeCentroid
from tests.accessibility import assert_accessible
from tests.brokerage.data import make_listing
from tests.brokerage.photos import image_bytes
from tests.browser.journey import assert_accessible_at_each_width, sign_in
from tests.factories import make_site
from tests.personas import make_personas

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_photo(page, name, alt_text):
    page.get_by_label("Photo", exact=True).set_input_files(
        {"name": name, "mimeType": "image/jpeg", "buffer": image_bytes()}
    )
    page.get_by_label("Describe what the photo shows").fill(alt_text)
    page.get_by_role("button", name="Add the photo").click()
    expect(page.get_by_text("The photo is added")).to_be_visible()


def test_a_member_adds_photos_and_a_neighbour_finds_the_offer_nearby_with_its_photo(page, new_tab):
    make_site()
    people = make_personas()
    people.other_organisation.postcode = "NW5 1TL"
    people.other_organisation.save()
    PostcodeCentroid.objects.create(code="SW1A 1AA", latitude=51.501009, longitude=-0.141588)
    PostcodeCentroid.objects.create(code="NW5", latitude=51.554, longitude=-0.142)
    offer = make_listing(
        people.organisation, kind=ListingKind.OFFER, title="Folding tables to lend"
    )

    # The offer's member adds photos; a photo without a description is refused.
    sign_in(page, "member-persona", f"/resources/{offer.pk}/")
    page.get_by_role("link", name="Add photos").click()
    expect(page.get_by_role("heading", name="Photos")).to_be_visible()
    page.get_by_label("Photo", exact=True).set_input_files(
        {"name": "tables.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
    )
    page.get_by_role("button", name="Add the photo").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe what the photo shows")
    assert_accessible(page)
    add_photo(page, "tables.jpg", "Four folding tables stacked against a wall")
    add_photo(page, "chairs.jpg", "Rows of grey stacking chairs")
    page.get_by_role("button", name="Move up photo 2").click()
    expect(page.get_by_text("The photos are in their new order")).to_be_visible()
    expect(page.locator(".shoal-photo-list img").first).to_have_attribute(
        "alt", "Rows of grey stacking chairs"
    )
    assert_accessible_at_each_width(page)

    # A member four miles away finds it within five miles, with its first photo on the card.
    neighbour = new_tab()
    sign_in(neighbour, "other-member-persona", "/resources/")
    neighbour.get_by_label("Distance from your organisation").select_option("5")
    neighbour.get_by_role("button", name="Show results").click()
    card = neighbour.locator(".shoal-listing-summary", has_text="Folding tables to lend")
    expect(card).to_contain_text("about 4 miles away")
    photo = card.get_by_role("img", name="Rows of grey stacking chairs")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible_at_each_width(neighbour)
    card.get_by_role("link", name="Folding tables to lend").click()
    expect(
        neighbour.get_by_role("img", name="Four folding tables stacked against a wall")
    ).to_be_visible()
    assert_accessible_at_each_width(neighbour)
