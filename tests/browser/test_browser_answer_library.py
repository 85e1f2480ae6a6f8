"""A partner keeps a finished section as an answer, finds it in /library/ and inserts it into
another section from "Answers that may fit", at 1280 px and on a 320 px screen, with axe-core
finding nothing on the way."""

import pytest
from playwright.sync_api import expect

from consortium.models import Answer, BidSection, SectionStatus
from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
from tests.browser_helpers import signed_in
from tests.factories import make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Our safeguarding lead trains every volunteer. Every role has a DBS check."


def check(page):
    assert_no_sideways_scrolling(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_partner_saves_an_answer_finds_it_and_inserts_it_elsewhere(page, live_server, width):
    make_site()
    world = make_bid_world()
    done = world.sections[1]
    done.title, done.body, done.status = "Safeguarding", TEXT, SectionStatus.APPROVED
    done.save()
    later = BidSection.objects.create(
        bid=world.bid, title="Keeping volunteers safe", sort_order=4, body="Our approach."
    )
    signed_in(page, live_server, world.partner)
    page.set_viewport_size({"width": width, "height": 900} if width > 320 else SMALL_SCREEN)

    page.goto(f"/bids/{world.bid.slug}/sections/{done.pk}/")
    page.get_by_role("link", name="Save as an answer").click()
    page.get_by_label("Title").fill("Safeguarding volunteers")
    page.get_by_label("Millbank Advice Centre (private)").check()
    page.get_by_label("Safeguarding", exact=True).check()
    check(page)
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_text("is saved in the answer library")).to_be_visible()

    page.goto("/library/")
    page.get_by_label("Search answers").fill("safeguard")
    page.get_by_role("button", name="Find answers").click()
    expect(page.get_by_role("link", name="Safeguarding volunteers")).to_be_visible()
    expect(page.get_by_text("used 0 times")).to_be_visible()
    check(page)

    page.goto(f"/bids/{world.bid.slug}/sections/{later.pk}/")
    fits = page.locator("section[aria-labelledby=answer-library]")
    expect(fits.get_by_role("link", name="Safeguarding volunteers")).to_be_visible()
    check(page)
    fits.get_by_role("button", name="Insert this answer").first.click()
    expect(page.get_by_text("is added at the end of the section")).to_be_visible()
    expect(page.get_by_label("Text of the section")).to_have_value(f"Our approach.\n\n{TEXT}")
    check(page)
    assert Answer.objects.get().times_used == 1
