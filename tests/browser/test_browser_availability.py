"""Volunteering availability in a real chromium: a volunteer says when they can help, an
organisation finds and asks them, the volunteer accepts from their to-do page and each sees
the other's contact details; then both sides log hours on a match. axe checks the pages at
1280 and 320 px wide."""

import re

import pytest
from playwright.sync_api import expect

from consortium.brokerage import rules as brokerage
from consortium.models import Reply
from tests.brokerage.data import make_listing
from tests.browser.test_browser_conversations import assert_accessible_at_each_width, sign_in
from tests.factories import make_site
from tests.personas import make_personas

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_volunteer_offers_tuesday_lifts_is_asked_accepts_and_hours_are_logged(page, new_tab):
    make_site()
    people = make_personas()
    people.organisation.contact_email = "hello@fernlea.example"
    people.organisation.save()

    # The volunteer says when they can help; a missing day is a clear error first.
    sign_in(page, "volunteer-persona", "/resources/availability/new/")
    page.get_by_label("Practical help (driving, gardening, DIY)").check()
    page.get_by_label("North", exact=True).check()
    page.get_by_label("Morning").check()
    page.get_by_label("Anything else organisations should know").fill(
        "I have a car and can take two passengers"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one day")
    assert_accessible_at_each_width(page)
    page.get_by_label("Tuesday").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("When you can help")
    expect(page.get_by_text("I have a car and can take two passengers")).to_be_visible()
    assert_accessible_at_each_width(page)

    # The food bank finds them in the North and asks; no email or phone is shown.
    bank = new_tab()
    sign_in(bank, "member-persona", "/resources/volunteers/")
    bank.get_by_label("Area (optional)").select_option("north")
    bank.get_by_role("button", name="Show volunteers").click()
    expect(bank.get_by_text("1 volunteer available")).to_be_visible()
    expect(bank.get_by_text(people.volunteer.email)).to_have_count(0)
    assert_accessible_at_each_width(bank)
    bank.get_by_role("link", name=re.compile("Ask this volunteer")).click()
    bank.get_by_label("What would you like them to help with?").fill(
        "Could you drive two visitors to the food bank on Tuesdays?"
    )
    bank.get_by_role("button", name="Send").click()
    expect(bank.get_by_text("Waiting for the volunteer to answer")).to_be_visible()
    assert_accessible_at_each_width(bank)

    # The volunteer finds the request on their to-do page and accepts.
    page.goto("/members/to-do/")
    page.get_by_role("link", name=re.compile("Fernlea Food Bank")).click()
    expect(page.get_by_text("Could you drive two visitors")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("link", name="hello@fernlea.example")).to_be_visible()
    assert_accessible_at_each_width(page)
    bank.reload()
    expect(bank.get_by_role("link", name=people.volunteer.email)).to_be_visible()

    # On a volunteering match, the food bank logs hours; a wrong figure is a clear error.
    need = make_listing(people.organisation, title="Drivers on Tuesdays")
    reply = Reply.objects.create(listing=need, user=people.volunteer, message="I can drive")
    match = brokerage.accept_reply(reply, people.member)
    bank.goto(f"/resources/matches/{match.pk}/")
    bank.get_by_role("link", name="Hours log").click()
    bank.get_by_label("Date", exact=True).fill("2026-01-06")
    bank.get_by_label("Hours", exact=True).fill("30")
    bank.get_by_role("button", name="Log hours").click()
    expect(bank.locator(".govuk-error-summary")).to_contain_text("Hours must be 24 or less")
    bank.get_by_label("Hours", exact=True).fill("2.5")
    bank.get_by_role("button", name="Log hours").click()
    expect(bank.get_by_text("Your hours are logged")).to_be_visible()
    expect(bank.get_by_text("2.5 hours").first).to_be_visible()
    assert_accessible_at_each_width(bank)
