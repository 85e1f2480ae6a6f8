"""Joint buying run by members in a real chromium: a member proposes a scheme, staff approve
it, the coordinator posts a banded quote, another organisation pledges, the window closes
short and the coordinator goes ahead from the to-do page. axe checks the pages at 1280 and
320 px wide."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consortium.buying import proposals, rules
from consortium.models import Scheme, SchemeOutcome, SchemeStatus
from tests.accessibility import assert_accessible
from tests.browser.journey import assert_accessible_at_each_width, sign_in
from tests.factories import make_site
from tests.personas import make_personas

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_proposes_runs_and_settles_a_scheme_that_fell_short(page, new_tab):
    make_site()
    people = make_personas()
    today = timezone.localdate()

    # Propose: an empty form is explained, then the scheme is sent for approval.
    sign_in(page, "member-persona", "/joint-buying/")
    page.get_by_role("link", name="Propose a scheme").click()
    assert_accessible_at_each_width(page)
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the scheme")
    assert_accessible(page)
    page.get_by_label("Name of the scheme").fill("Heating oil for village halls")
    page.get_by_label("What are you buying?").select_option("heating-oil")
    page.get_by_label("Describe the scheme").fill("One order for the halls of the dales.")
    page.get_by_label("Unit", exact=True).fill("litres")
    page.get_by_label("Minimum order per organisation").fill("500")
    page.get_by_label("Minimum total for the whole scheme").fill("5000")
    page.get_by_label("Pledges open on").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Pledges close at the end of").fill(
        f"{today + datetime.timedelta(days=20):%Y-%m-%d}"
    )
    page.get_by_label("Delivery area").fill("North Yorkshire")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator("#scheme-status")).to_have_text("Awaiting approval")

    # Staff approve (their queue is tested over HTTP); the coordinator posts a banded quote.
    scheme = Scheme.objects.get()
    proposals.approve(scheme, people.staff, "Fine")
    page.reload()
    expect(page.locator("#scheme-status")).to_have_text("Open for pledges")
    page.get_by_label("Supplier", exact=True).fill("County Oil")
    page.get_by_label("Band 1: from a total of (litres)").fill("2,000")
    page.get_by_label("Band 1: price per unit (£)").fill("£0.75")
    page.get_by_label("Band 2: from a total of (litres)").fill("8000")
    page.get_by_label("Band 2: price per unit (£)").fill("0.66")
    page.get_by_role("button", name="Add the quote").click()
    expect(page.get_by_text("The quote from County Oil is added.")).to_be_visible()
    expect(page.locator("table", has_text="County Oil")).to_contain_text("£0.66")
    assert_accessible_at_each_width(page)

    # Another organisation pledges while the window is open.
    club = new_tab()
    sign_in(club, "other-member-persona", f"/joint-buying/{scheme.slug}/")
    club.get_by_label("How many litres does your organisation want?").fill("3000")
    club.get_by_role("button", name="Pledge", exact=True).click()
    expect(club.get_by_text("has pledged 3000 litres")).to_be_visible()

    # The window closes short of 5,000 litres: the coordinator is asked to choose.
    rules.run_jobs(today=scheme.closes_on + datetime.timedelta(days=1))
    page.goto("/members/to-do/")
    page.get_by_role("link", name=re.compile("Heating oil for village halls")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The window closed short of the minimum"
    )
    assert_accessible_at_each_width(page)
    page.get_by_label("Go ahead at a price the total reaches").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the price to go ahead at")
    page.get_by_label(re.compile(r"County Oil: £0\.75 per unit")).check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#outcome")).to_contain_text("£0.75 per unit")
    assert_accessible_at_each_width(page)
    outcome = SchemeOutcome.objects.get()
    assert outcome.went_ahead_short and Scheme.objects.get().status == SchemeStatus.CLOSED

    # The pledger sees its share: 3,000 litres at £0.75.
    club.reload()
    expect(club.get_by_text("£2,250.00")).to_be_visible()
