"""A consortium's lead invites an organisation seeking partners from the opportunity page, at
1280 px and on a 320 px screen, with axe-core finding nothing on the way; the invited
organisation's admin then sees the invitation on their consortia page."""

import pytest
from playwright.sync_api import expect

from consortium.models import OpportunityKind, PartnerSearch
from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
from tests.browser_helpers import signed_in
from tests.factories import make_site
from tests.opportunities.helpers import make_opportunity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_lead_invites_an_organisation_seeking_partners_with_one_click(
    page, browser, live_server, width
):
    make_site()
    world = make_bid_world()
    opportunity = make_opportunity("Befriending contract", kind=OpportunityKind.TENDER)
    PartnerSearch.objects.create(
        opportunity=opportunity,
        organisation=world.outsider_org,
        note="We run arts sessions in care homes and need an advice partner.",
    )
    signed_in(page, live_server, world.lead)
    page.set_viewport_size({"width": width, "height": 900} if width > 320 else SMALL_SCREEN)
    page.goto(opportunity.get_absolute_url())

    seekers = page.locator("#partners + ul")
    expect(seekers.get_by_role("link", name="Westgate Arts Collective")).to_be_visible()
    invite = seekers.get_by_role("button", name="Invite to Brookside Advice Partnership")
    expect(invite).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    invite.click()
    expect(
        page.get_by_text("Westgate Arts Collective is invited to Brookside Advice Partnership")
    ).to_be_visible()
    expect(seekers.get_by_text("Invited to Brookside Advice Partnership")).to_be_visible()
    expect(
        seekers.get_by_role("button", name="Invite to Brookside Advice Partnership")
    ).to_have_count(0)
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    invited = signed_in(context.new_page(), live_server, world.non_member)
    invited.goto("/consortia/")
    expect(invited.get_by_text("Brookside Advice Partnership").first).to_be_visible()
    assert_accessible(invited)
    context.close()
