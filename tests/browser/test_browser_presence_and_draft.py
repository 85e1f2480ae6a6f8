"""Two partners and one section: Ruth opens the delivery plan to write it, and the lead, opening
it too, reads that Ruth is editing it. Ruth types, the page is reloaded before she saves, and
she restores her unsaved text; once saved, nothing more is offered. At 1280 px and at 320 px,
with axe-core finding nothing on the way."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
from tests.browser_helpers import signed_in
from tests.factories import make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_writer_sees_who_else_is_editing_and_gets_back_unsaved_text(
    page, browser, live_server, width
):
    make_site()
    world = make_bid_world()
    world.partner.first_name, world.partner.last_name = "Ruth", "Rowe"
    world.partner.save()
    section = world.sections[1]  # the delivery plan, the partner's
    address = f"/bids/{world.bid.slug}/sections/{section.pk}/"
    size = {"width": width, "height": 900} if width > 320 else SMALL_SCREEN

    signed_in(page, live_server, world.partner)
    page.set_viewport_size(size)
    page.goto(address)
    text = page.get_by_label("Text of the section")
    expect(text).to_be_visible()

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    lead = signed_in(context.new_page(), live_server, world.lead)
    lead.set_viewport_size(size)
    lead.goto(address)
    expect(
        lead.get_by_text("Ruth Rowe (Millbank Advice Centre) is editing this section")
    ).to_be_visible()
    assert_no_sideways_scrolling(lead)
    assert_accessible(lead)
    lead.goto(f"/bids/{world.bid.slug}/")
    expect(lead.get_by_text("Being edited by Ruth Rowe")).to_be_visible()
    context.close()

    text.fill("Volunteers visit every Tuesday, starting in March.")
    page.wait_for_timeout(700)  # the draft is kept a moment after typing stops
    page.reload()
    restore = page.get_by_role("button", name="Restore your unsaved text from")
    expect(restore).to_be_visible()
    expect(page.get_by_role("button", name="Discard")).to_be_visible()
    expect(page.get_by_text("You have unsaved text from")).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
    restore.click()
    expect(text).to_have_value("Volunteers visit every Tuesday, starting in March.")
    expect(restore).to_be_hidden()

    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_text("Section saved")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Restore your unsaved text from")).to_be_hidden()
    assert_accessible(page)
