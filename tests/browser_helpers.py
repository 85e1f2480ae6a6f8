"""Steps that several browser journeys share."""

import re

from playwright.sync_api import expect

PASSWORD = "shoal-demo"


def sign_in_to_the_admin(page, username, password=PASSWORD):
    """Sign in at /admin/login/ and land on the dashboard."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
