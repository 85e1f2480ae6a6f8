"""The writer marks a section ready for review; the reviewer returns it with a comment on a
paragraph; the writer marks it ready again; the reviewer approves it. At 1280 px and on a
320 px screen, with axe-core finding nothing on the way."""

import pytest
from playwright.sync_api import expect

from consortium.models import BidSection, SectionComment, SectionStatus
from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
from tests.browser_helpers import signed_in
from tests.factories import make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Advice sessions run at each lunch club.\n\nVolunteers drive people who cannot get there."


def check(page):
    assert_no_sideways_scrolling(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_section_is_returned_with_a_comment_then_approved(page, new_tab, live_server, width):
    make_site()
    world = make_bid_world()
    plan = world.sections[1]  # the partner writes it; the lead reviews it
    BidSection.objects.filter(pk=plan.pk).update(
        body=TEXT, status=SectionStatus.DRAFTING, reviewer=world.lead
    )
    size = {"width": width, "height": 900} if width > 320 else SMALL_SCREEN
    url = f"/bids/{world.bid.slug}/sections/{plan.pk}/"
    writer = signed_in(page, live_server, world.partner)
    writer.set_viewport_size(size)
    reviewer = signed_in(new_tab(), live_server, world.lead)
    reviewer.set_viewport_size(size)

    writer.goto(url)
    check(writer)
    writer.get_by_role("button", name="Ready for review").click()
    expect(writer.get_by_text("The section is marked ready for review.")).to_be_visible()
    check(writer)

    reviewer.goto(world.bid.get_absolute_url())
    expect(reviewer.get_by_text("Delivery plan: In review by bid-lead")).to_be_visible()
    check(reviewer)
    reviewer.goto(url)
    reviewer.get_by_role("link", name="Return with comments").click()
    reviewer.get_by_label("Which paragraph is it about? (optional)").select_option(index=2)
    reviewer.get_by_label("What needs changing?").fill("Say how many drivers you have.")
    check(reviewer)
    reviewer.get_by_role("button", name="Return with comments").click()
    expect(reviewer.get_by_text("The section is returned with your comments.")).to_be_visible()
    assert SectionComment.objects.get().anchor_text.startswith("Volunteers drive")

    writer.goto(url)
    expect(writer.get_by_text("Say how many drivers you have.")).to_be_visible()
    expect(writer.locator(".govuk-tag", has_text="Changes asked").first).to_be_visible()
    check(writer)
    writer.get_by_role("button", name="Ready for review").click()
    expect(writer.get_by_text("The section is marked ready for review.")).to_be_visible()

    reviewer.goto(url)
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_text("The section is approved.")).to_be_visible()
    check(reviewer)
    assert BidSection.objects.get(pk=plan.pk).status == SectionStatus.APPROVED
