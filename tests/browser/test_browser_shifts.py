"""Volunteering shifts in a real chromium: the poster adds a role and weekly shifts, a
volunteer signs up (the one-place shift then shows Full), the poster sees who is coming, and
the volunteer cancels. axe checks the pages at 1280 and 320 px wide."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.brokerage.data import make_listing
from tests.browser.journey import assert_accessible_at_each_width, sign_in
from tests.factories import make_site
from tests.personas import make_personas

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_poster_adds_weekly_shifts_a_volunteer_signs_up_and_the_poster_sees_who_is_coming(
    page, new_tab
):
    make_site()
    people = make_personas()
    need = make_listing(people.organisation, title="Drivers for the lunch club")
    first = timezone.localdate() + datetime.timedelta(days=3)

    # The poster describes the role.
    sign_in(page, "member-persona", f"/resources/{need.pk}/")
    page.get_by_role("link", name="Add role details and shifts").click()
    page.get_by_role("button", name="Save the role details").click()  # empty: clear errors
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the volunteer will do")
    assert_accessible_at_each_width(page)
    page.get_by_label("What the volunteer will do").fill("Drive three neighbours to lunch.")
    page.get_by_label("Enhanced DBS check").check()
    page.get_by_label("We pay volunteers' expenses").check()
    page.get_by_label("About expenses").fill("45p a mile")
    page.get_by_role("button", name="Save the role details").click()

    # Then one place every week for two weeks.
    expect(page.get_by_role("heading", level=1)).to_have_text("Shifts and who is coming")
    page.get_by_label("Date").fill(first.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Places").fill("1")
    page.get_by_label("Repeat every week for how many weeks?").fill("2")
    page.get_by_role("button", name="Add the shift").click()
    expect(page.get_by_text("2 shifts added")).to_be_visible()
    assert_accessible_at_each_width(page)

    # A volunteer signs up for the first; it is then full.
    volunteer = new_tab()
    sign_in(volunteer, "volunteer-persona", f"/resources/{need.pk}/")
    expect(volunteer.get_by_text("Enhanced DBS check")).to_be_visible()
    buttons = volunteer.get_by_role("button", name=re.compile("Sign up for this shift"))
    expect(buttons).to_have_count(2)
    buttons.first.click()
    expect(volunteer.get_by_text(re.compile("You are signed up for"))).to_be_visible()
    expect(volunteer.locator(".govuk-tag", has_text="Full")).to_have_count(1)
    expect(buttons).to_have_count(1)
    assert_accessible_at_each_width(volunteer)

    # The poster sees who is coming, with the volunteer's email.
    page.reload()
    expect(page.get_by_role("link", name=people.volunteer.email)).to_be_visible()
    expect(page.get_by_text("1 of 1 place taken")).to_be_visible()

    # The volunteer cancels; the shift opens again.
    volunteer.get_by_role("button", name=re.compile("Cancel my sign-up")).click()
    expect(volunteer.get_by_text(re.compile("is cancelled"))).to_be_visible()
    expect(buttons).to_have_count(2)
    page.reload()
    expect(page.get_by_role("link", name=people.volunteer.email)).to_have_count(0)
