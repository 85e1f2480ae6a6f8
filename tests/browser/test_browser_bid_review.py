"""A partner asked to sign off requests changes from the sign-off page, naming a section, at
1280 px and on a 320 px screen, with axe-core finding nothing on the way; the lead then sees
the request at the top of the bid page."""

import pytest
from playwright.sync_api import expect

from consortium.models import BidState, JointBid
from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world, make_ready
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
from tests.browser_helpers import signed_in
from tests.factories import make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_partner_requests_changes_instead_of_signing_off(page, browser, live_server, width):
    make_site()
    world = make_bid_world()
    JointBid.objects.filter(pk=world.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    make_ready(world.bid)
    signed_in(page, live_server, world.partner)
    page.set_viewport_size({"width": width, "height": 900} if width > 320 else SMALL_SCREEN)
    page.goto(f"/bids/{world.bid.slug}/sign-off/")

    expect(page.get_by_role("button", name="Sign off version 1")).to_be_visible()
    request = page.get_by_role("link", name="Request changes")
    expect(request).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    request.click()
    expect(page.get_by_role("heading", name="Request changes")).to_be_visible()
    page.get_by_role("button", name="Send the request for changes").click()
    expect(page.get_by_role("link", name="Enter what needs to change")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("What needs to change before you can sign off?").fill(
        "The delivery plan promises weekly visits; we can do fortnightly ones."
    )
    page.get_by_label("Delivery plan").check()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
    page.get_by_role("button", name="Send the request for changes").click()
    expect(page.get_by_text("The bid is back in internal review")).to_be_visible()
    assert_accessible(page)

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    lead = signed_in(context.new_page(), live_server, world.lead)
    lead.set_viewport_size({"width": width, "height": 900} if width > 320 else SMALL_SCREEN)
    lead.goto(world.bid.get_absolute_url())
    asked = lead.get_by_text("Millbank Advice Centre asked for changes to version 1")
    expect(asked).to_be_visible()
    expect(lead.get_by_text("we can do fortnightly ones")).to_be_visible()
    assert_no_sideways_scrolling(lead)
    assert_accessible(lead)
    context.close()
