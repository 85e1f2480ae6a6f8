"""What the members' browser journeys share: signing in through the form, and axe at the
widths a person uses (1280 px and the 320 px of WCAG's reflow)."""

import re

from playwright.sync_api import expect

from tests.accessibility import assert_accessible

PASSWORD = "shoal-demo"
WIDTHS = (1280, 320)


def sign_in(page, username, then):
    page.goto(f"/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))


def assert_accessible_at_each_width(page):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
