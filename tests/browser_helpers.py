"""Steps that several browser journeys share."""

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

PASSWORD = "shoal-demo"


def sign_in_to_the_admin(page, username, password=PASSWORD):
    """Sign in at /admin/login/ (which leads to the site's sign-in form) and land on the
    dashboard."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def signed_in(page, live_server, user):
    """Give the tab a session for ``user`` (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page
