"""A partner formats a section in a real chromium: types a list, sees the live preview and
the "Preview" button's preview, saves, and finds the list on the bid page; axe at 1280 and
320 px on the way."""

import pytest
from playwright.sync_api import expect

from consortium.models import BidSection
from tests.bids.world import make_bid_world
from tests.browser.journey import assert_accessible_at_each_width
from tests.browser_helpers import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TYPED = "Where we run sessions:\n\n- **Fernlea** library\n- Upton church hall"


def test_a_partner_types_a_list_previews_it_saves_it_and_sees_it_on_the_bid_page(
    page, live_server, home_page
):
    w = make_bid_world()
    section = w.sections[1]  # the partner's
    partner = signed_in(page, live_server, w.partner)
    partner.goto(f"/bids/{w.bid.slug}/sections/{section.pk}/")
    partner.get_by_text("Formatting help").click()
    expect(partner.get_by_text("A bulleted list: start each line with a dash")).to_be_visible()

    partner.get_by_label("Text of the section").fill(TYPED)
    live = partner.locator("#section-preview")
    expect(live.get_by_role("listitem")).to_have_count(2)  # the live preview, as typed
    expect(live.locator("strong")).to_have_text("Fernlea")
    assert_accessible_at_each_width(partner)

    partner.get_by_role("button", name="Preview").click()
    expect(partner.get_by_label("Text of the section")).to_have_value(TYPED)  # kept
    expect(partner.locator("#section-preview").get_by_role("listitem")).to_have_count(2)
    assert BidSection.objects.get(pk=section.pk).body == ""  # nothing saved yet
    assert_accessible_at_each_width(partner)

    partner.get_by_role("button", name="Save the section").click()
    expect(partner.get_by_text("Section saved")).to_be_visible()
    assert BidSection.objects.get(pk=section.pk).body == TYPED

    partner.goto(f"/bids/{w.bid.slug}/")
    partner.get_by_text("Read the text of every section").click()
    texts = partner.locator("#section-texts")
    expect(texts.get_by_role("listitem").filter(has_text="Fernlea library")).to_be_visible()
    expect(texts.get_by_role("listitem").filter(has_text="Upton church hall")).to_be_visible()
    assert_accessible_at_each_width(partner)
