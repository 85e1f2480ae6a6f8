"""A cached page in a real chromium: its scripts run under a fresh nonce on every hit, and
the Content-Security-Policy reports nothing (the ``page`` fixture fails on any violation)."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.factories import StandardPageFactory, make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The whole-page cache, as production runs it (the test settings leave it off)."""
    settings.PAGE_CACHE = True


def test_a_cached_page_runs_its_scripts_with_a_new_nonce_on_every_visit(page):
    StandardPageFactory(parent=make_site(), title="About Shoal", slug="about")
    page.set_default_timeout(60_000)  # a busy machine; the checks below are what matter
    nonces, statuses = [], []
    for _ in range(3):
        response = page.goto("/about/")
        policy = response.headers["content-security-policy"]
        nonces.append(re.search(r"'nonce-([^']+)'", policy).group(1))
        statuses.append(response.headers.get("x-page-cache"))
        # The inline script (allowed only by the nonce) marks the page as running JavaScript.
        expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
        expect(page.get_by_role("heading", level=1)).to_have_text("About Shoal")
    assert statuses[-1] == "hit"
    assert len(set(nonces)) == 3
    assert_accessible(page)
