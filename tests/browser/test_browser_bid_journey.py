"""From a funding opportunity to a submitted bid and its PDF, in a real chromium.

The lead finds an opportunity and starts the consortium's bid from it (details filled in),
the partner writes its section, the lead adds a budget line and asks for sign-off, both
sign, the lead submits, and the PDF they download holds both partners' sections. (Forming
the consortium and the merge and conflict pages are walked in test_browser_bids.py.) axe
checks every page visited.
"""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from consortium.models import BidSection, BidState, JointBid, Opportunity, SectionStatus
from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.browser_helpers import signed_in
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEAD_TEXT = "Brookside runs two lunch clubs a week for older people living alone."
PARTNER_TEXT = "Millbank gives benefits advice at each lunch club, every fortnight."


def write(tab, text):
    """Write the section and, as it has no reviewer, mark it approved."""
    tab.get_by_label("Text of the section").fill(text)
    tab.get_by_role("button", name="Save the section").click()
    expect(tab.get_by_text("Section saved")).to_be_visible()
    tab.get_by_role("button", name="Mark as approved").click()
    expect(tab.get_by_text("The section is approved.")).to_be_visible()


def test_from_an_opportunity_to_a_signed_submitted_bid_and_its_pdf(
    page, new_tab, live_server, home_page
):
    p = make_bid_world()
    opportunity = Opportunity.objects.create(
        title="Later Life Together Fund",
        kind="grant",
        funder="Riverside Community Foundation",
        programme="Later Life Together",
        reference="LLT-2027",
        amount_min=5000,
        amount_max=60000,
        deadline=timezone.now() + datetime.timedelta(days=40),
        suits_small=True,
    )

    # The lead finds the opportunity and starts the consortium's bid from it.
    lead = signed_in(page, live_server, p.lead)
    lead.goto("/opportunities/")
    assert_accessible(lead)
    lead.get_by_role("link", name="Later Life Together Fund").click()
    shot(lead, "opportunity-start-a-bid")
    assert_accessible(lead)
    lead.get_by_role("link", name="Start a consortium bid").click()
    expect(lead.get_by_label("Title", exact=True)).to_have_value("Later Life Together Fund")
    shot(lead, "bid-start-from-opportunity", full_page=True)
    assert_accessible(lead)
    lead.get_by_label("Which consortium is bidding?").select_option(label=p.consortium.name)
    lead.get_by_label("Tender response").check()
    lead.get_by_role("button", name="Start the bid").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Later Life Together Fund")
    assert_accessible(lead)
    bid = JointBid.objects.get(opportunity=opportunity)
    assert bid.funder == "Riverside Community Foundation" and bid.reference == "LLT-2027"

    # Each writes a section; the others are finished meanwhile (their pages are walked in
    # test_browser_bids.py).
    summary, plan, *rest = list(bid.sections.order_by("sort_order"))
    BidSection.objects.filter(pk=plan.pk).update(assigned_to=p.partner_org)
    for section in rest:
        BidSection.objects.filter(pk=section.pk).update(
            body=f"{section.title}: agreed by the partners.", status=SectionStatus.APPROVED
        )
    lead.get_by_role("link", name=summary.title, exact=True).click()
    write(lead, LEAD_TEXT)
    partner = signed_in(new_tab(), live_server, p.partner)
    partner.goto(bid.get_absolute_url())
    partner.get_by_role("link", name=plan.title, exact=True).click()
    assert_accessible(partner)
    write(partner, PARTNER_TEXT)

    # The lead adds a budget line.
    lead.goto(f"/bids/{bid.slug}/budget/")
    lead.get_by_role("link", name="Add a budget line").click()
    assert_accessible(lead)
    lead.get_by_label("Partner organisation").select_option(label=p.partner_org.name)
    lead.get_by_label("Category").select_option(label="Staff")
    lead.get_by_label("Description").fill("Advice worker, one day a week")
    lead.get_by_label("Amount requested (£)").fill("9,600")
    lead.get_by_role("button", name="Save the line").click()
    expect(lead.locator("#total-amount")).to_have_text("£9,600.00")
    assert_accessible(lead)

    # Internal review, then sign-off: both partners sign the same version.
    lead.goto(bid.get_absolute_url())
    lead.get_by_role("button", name="Send for internal review").click()
    lead.get_by_role("button", name="Ask partners to sign off").click()
    expect(lead.get_by_text("Awaiting sign-off").first).to_be_visible()
    shot(lead, "bid-awaiting-sign-off", full_page=True)
    assert_accessible(lead)
    for tab, organisation in [(lead, p.lead_org), (partner, p.partner_org)]:
        tab.goto(f"/bids/{bid.slug}/sign-off/")
        assert_accessible(tab)
        tab.get_by_label(
            f"I have read the whole bid and sign it off for {organisation.name}"
        ).check()
        tab.get_by_role("button", name=re.compile(r"^Sign off version \d+$")).click()

    # The lead submits it and downloads the PDF the funder gets.
    lead.goto(bid.get_absolute_url())
    lead.get_by_role("button", name="Mark as submitted").click()
    expect(lead.get_by_text("Submitted").first).to_be_visible()
    shot(lead, "bid-submitted", full_page=True)
    assert JointBid.objects.get(pk=bid.pk).state == BidState.SUBMITTED
    assert_accessible(lead)
    with lead.expect_download() as download:
        lead.get_by_role("link", name=re.compile("^Download PDF")).click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages)
    text = " ".join(text.split())
    assert LEAD_TEXT in text and PARTNER_TEXT in text
    assert p.lead_org.name in text and p.partner_org.name in text
