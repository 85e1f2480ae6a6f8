"""A consortium writes a bid together in a real chromium: the lead starts a consortium and
invites a partner, the partner accepts, both write, and two tabs editing the same section
are merged when their paragraphs differ and shown a conflict page, losing nothing, when
they overlap. axe checks every page visited."""

import pytest
from playwright.sync_api import expect

from consortium.models import BidSection, JointBid
from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.browser_helpers import signed_in
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


FUNDING = "Funding may end; we plan a trading arm."
# The paragraph the two people leave alone between their changes.
MIDDLE = "Volunteers may be ill."


def save_section(tab, text):
    tab.get_by_label("Text of the section").fill(text)
    tab.get_by_role("button", name="Save the section").click()


def test_a_lead_and_a_partner_write_a_bid_together_and_lose_nothing(
    page, new_tab, live_server, home_page
):
    p = make_bid_world()
    lead = signed_in(page, live_server, p.lead)

    # the lead starts a consortium and invites the partner
    lead.goto("/members/")
    lead.get_by_role("link", name="Consortia", exact=True).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Consortia")
    shot(lead, "consortia")
    assert_accessible(lead)
    lead.get_by_role("link", name="Start a consortium").click()
    lead.get_by_label("Name of the consortium").fill("Riverside Older People's Alliance")
    lead.get_by_role("button", name="Start the consortium").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Riverside Older People's Alliance")
    assert_accessible(lead)
    lead.get_by_role("link", name="Invite an organisation").click()
    lead.get_by_label("Organisation to invite").select_option(label="Millbank Advice Centre")
    lead.get_by_label("Partner: writes and delivers part of the bids").check()
    shot(lead, "consortium-invite")
    lead.get_by_role("button", name="Send the invitation").click()
    expect(lead.get_by_text("Millbank Advice Centre is invited.")).to_be_visible()
    shot(lead, "consortium", full_page=True)
    assert_accessible(lead)

    # the partner accepts
    partner = signed_in(new_tab(), live_server, p.partner)
    partner.goto("/consortia/")
    partner.get_by_role("link", name="Riverside Older People's Alliance").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(
        "Invitation to join Riverside Older People's Alliance"
    )
    shot(partner, "consortium-invitation")
    assert_accessible(partner)
    partner.get_by_label("Yes, join the consortium").check()
    partner.get_by_role("button", name="Send your answer").click()
    expect(partner.get_by_text("Millbank Advice Centre joined")).to_be_visible()

    # the lead starts a bid from the tender template
    lead.reload()
    lead.get_by_role("link", name="Start a bid").click()
    assert_accessible(lead)
    lead.get_by_label("Tender response").check()
    lead.get_by_label("Title", exact=True).fill("Riverside Later Life Tender")
    lead.get_by_role("button", name="Start the bid").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Riverside Later Life Tender")
    expect(lead.locator(".govuk-task-list")).to_contain_text("0 of 300 words")
    shot(lead, "bid-page", full_page=True)
    assert_accessible(lead)
    bid = JointBid.objects.get(title="Riverside Later Life Tender")

    # both write a section
    lead.get_by_role("link", name="Summary", exact=True).click()
    assert_accessible(lead)
    lead.get_by_label("Text of the section").fill("one two three")
    expect(lead.locator(".govuk-character-count__status")).to_have_text(
        "You have 297 words remaining"
    )
    shot(lead, "section-editor")
    save_section(lead, "Advice and transport for older people along the river.")
    expect(lead.get_by_text("Section saved")).to_be_visible()
    assert_accessible(lead)

    partner.goto(bid.get_absolute_url())
    partner.get_by_role("link", name="Delivery plan").click()
    save_section(partner, "Millbank runs weekly advice clinics.\n\nWe train volunteer drivers.")
    expect(partner.get_by_text("Section saved")).to_be_visible()

    # two tabs, different paragraphs: merged
    risks = BidSection.objects.get(bid=bid, title="Risks")
    url = f"/bids/{bid.slug}/sections/{risks.pk}/"
    lead.goto(url)
    save_section(lead, "Drivers may leave.\n\n" + MIDDLE + "\n\nFunding may end.")
    expect(lead.get_by_text("Section saved")).to_be_visible()
    partner.goto(url)
    lead.goto(url)
    lead.get_by_label("Text of the section").fill(
        "Drivers may leave; we keep a reserve list.\n\n" + MIDDLE + "\n\nFunding may end."
    )
    partner.get_by_label("Text of the section").fill(
        "Drivers may leave.\n\n" + MIDDLE + "\n\n" + FUNDING
    )
    lead.get_by_role("button", name="Save the section").click()
    expect(lead.get_by_text("Section saved")).to_be_visible()
    partner.get_by_role("button", name="Save the section").click()
    expect(
        partner.get_by_text("Their changes and yours did not overlap, so both are kept.")
    ).to_be_visible()
    shot(partner, "section-merged")
    assert_accessible(partner)
    expect(partner.get_by_label("Text of the section")).to_have_value(
        "Drivers may leave; we keep a reserve list.\n\n" + MIDDLE + "\n\n" + FUNDING
    )

    # two tabs, the same paragraph: the conflict page, nothing lost, merged by hand
    lead.goto(url)
    partner.goto(url)
    lead.get_by_label("Text of the section").fill(
        "Drivers may leave; we keep a reserve list of twenty.\n\n" + MIDDLE + "\n\n" + FUNDING
    )
    lead.get_by_role("button", name="Save the section").click()
    expect(lead.get_by_text("Section saved")).to_be_visible()
    mine = (
        "Drivers may leave; Millbank trains new ones each quarter.\n\n" + MIDDLE + "\n\n" + FUNDING
    )
    partner.get_by_label("Text of the section").fill(mine)
    partner.get_by_role("button", name="Save the section").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(
        "Your changes clash with someone else's"
    )
    expect(partner.locator("#conflict-theirs mark")).to_contain_text("reserve list of twenty")
    expect(partner.locator("#conflict-mine mark")).to_contain_text("trains new ones")
    box = partner.get_by_label("Your text, to combine with theirs")
    expect(box).to_have_value(mine)
    shot(partner, "section-conflict", full_page=True)
    assert_accessible(partner)
    by_hand = (
        "Drivers may leave; we keep a reserve list of twenty and Millbank trains new ones."
        "\n\n" + MIDDLE + "\n\n" + FUNDING
    )
    box.fill(by_hand)
    partner.get_by_role("button", name="Save the section").click()
    expect(partner.get_by_text("Section saved")).to_be_visible()
    assert BidSection.objects.get(pk=risks.pk).body == by_hand

    # the history keeps every version
    partner.get_by_role("link", name="history").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("History of “Risks”")
    shot(partner, "section-history", full_page=True)
    assert_accessible(partner)
    shot(partner, "bid-history", goto=f"/bids/{bid.slug}/history/")
