"""Comments in a real chromium, with axe at 1280 and 320 px: the lead comments on one
paragraph of the partner's section; the partner follows "1 open comment" from the bid page,
replies, and resolves the thread, which folds away but can still be read."""

import pytest
from playwright.sync_api import expect

from consortium.models import BidSection, SectionComment
from tests.bids.world import make_bid_world
from tests.browser.journey import assert_accessible_at_each_width
from tests.browser_helpers import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = (
    "We run advice sessions in six libraries.\n\n"
    "Volunteers drive people to the sessions on Tuesdays.\n\n"
    "Each session ends with a written plan for the person."
)


def test_a_comment_on_a_paragraph_is_answered_and_resolved_by_the_writer(
    page, live_server, home_page
):
    w = make_bid_world()
    section = w.sections[1]  # the partner's
    BidSection.objects.filter(pk=section.pk).update(body=TEXT)
    address = f"/bids/{w.bid.slug}/sections/{section.pk}/"

    lead = signed_in(page, live_server, w.lead)
    lead.goto(address)
    lead.get_by_label("Which paragraph is it about?").select_option(
        label="Paragraph 2: Volunteers drive people to the sessions on Tuesdays."
    )
    lead.get_by_label("Add a comment").fill("Who insures the drivers?")
    lead.get_by_role("button", name="Add the comment").click()
    expect(lead.get_by_text("Your comment is added.")).to_be_visible()
    expect(lead.get_by_role("heading", name="On paragraph 2 (1 open)")).to_be_visible()
    expect(lead.get_by_role("button", name="Mark as resolved")).to_have_count(0)
    assert_accessible_at_each_width(lead)

    partner = signed_in(page, live_server, w.partner)
    partner.goto(f"/bids/{w.bid.slug}/")
    expect(partner.locator(f"#section-{section.pk}-hint")).to_contain_text("1 open comment.")
    partner.get_by_role("link", name="Delivery plan").click()

    partner.get_by_text("Reply", exact=False).first.click()
    partner.get_by_label("Your reply").first.fill("The scheme's own policy covers them.")
    partner.get_by_role("button", name="Add the reply").first.click()
    expect(partner.get_by_text("Your reply is added.")).to_be_visible()
    expect(partner.get_by_text("The scheme's own policy covers them.")).to_be_visible()
    assert_accessible_at_each_width(partner)

    partner.get_by_role("button", name="Mark as resolved").click()
    expect(partner.get_by_text("The comment is marked as resolved.")).to_be_visible()
    summary = partner.get_by_text("Resolved: comment by")
    expect(summary).to_be_visible()
    expect(partner.get_by_text("Who insures the drivers?")).not_to_be_visible()
    summary.click()
    expect(partner.get_by_text("Who insures the drivers?")).to_be_visible()
    assert_accessible_at_each_width(partner)
    assert SectionComment.objects.get(parent__isnull=True).resolved_by == w.partner
