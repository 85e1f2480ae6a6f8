"""The budget, partners and sign-off pages in a real chromium, with axe on each page:
a partner adds a budget line (with an error first), the lead sees the totals, the partner
reads the due-diligence checklist and signs off."""

import pytest
from playwright.sync_api import expect

from consortium.models import BidState, JointBid, SignOff
from tests.accessibility import assert_accessible
from tests.bids.world import add_line, make_bid_world, make_ready
from tests.browser_helpers import signed_in
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_partner_budgets_reads_the_checklist_and_signs_off(page, live_server, home_page):
    w = make_bid_world()
    add_line(w.bid, w.lead_org, 1000, description="Room hire")
    add_line(w.bid, w.lead_org, 2500, description="Coordinator salary", is_private=True)

    partner = signed_in(page, live_server, w.partner)
    partner.goto(f"/bids/{w.bid.slug}/budget/")
    expect(partner.get_by_role("heading", level=1)).to_have_text("Budget")
    expect(partner.get_by_text("includes private lines").first).to_be_visible()
    assert "Coordinator salary" not in partner.content()
    shot(partner, "budget-partner", full_page=True)
    assert_accessible(partner)

    partner.get_by_role("link", name="Add a budget line").click()
    partner.get_by_label("Description").fill("Cook, 1 day a week")
    partner.get_by_label("Amount requested (£)").fill("12.345")
    partner.get_by_role("button", name="Save the line").click()
    expect(partner.get_by_text("no more than 2 decimal places").first).to_be_visible()
    shot(partner, "budget-line-error")
    assert_accessible(partner)
    partner.get_by_label("Amount requested (£)").fill("£4,200.50")
    partner.get_by_role("button", name="Save the line").click()
    expect(partner.get_by_role("cell", name="£4,200.50").first).to_be_visible()
    expect(partner.locator("#total-amount")).to_have_text("£5,200.50")

    partner.goto(f"/bids/{w.bid.slug}/partners/")
    expect(partner.get_by_role("heading", name="Due diligence", exact=True)).to_be_visible()
    expect(partner.get_by_text("Missing").first).to_be_visible()
    shot(partner, "partners-due-diligence", full_page=True)
    assert_accessible(partner)

    lead = signed_in(page, live_server, w.lead)
    lead.goto(f"/bids/{w.bid.slug}/budget/")
    expect(lead.locator("#total-amount")).to_have_text("£7,700.50")
    shot(lead, "budget-lead", full_page=True)
    assert_accessible(lead)

    JointBid.objects.filter(pk=w.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    make_ready(w.bid)
    partner = signed_in(page, live_server, w.partner)
    partner.goto(f"/bids/{w.bid.slug}/sign-off/")
    expect(partner.get_by_role("heading", level=1)).to_have_text("Sign off the bid")
    shot(partner, "sign-off", full_page=True)
    assert_accessible(partner)
    partner.get_by_label(
        "I have read the whole bid and sign it off for Millbank Advice Centre"
    ).check()
    partner.get_by_role("button", name="Sign off version 2").click()
    assert SignOff.objects.filter(organisation=w.partner_org, bid_version=2).exists()
    partner.goto(f"/bids/{w.bid.slug}/sign-offs/")
    expect(partner.get_by_text("Valid")).to_be_visible()
    shot(partner, "sign-offs", full_page=True)
    assert_accessible(partner)
