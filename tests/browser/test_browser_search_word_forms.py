"""Searching offers and needs in a real chromium finds word forms and the start of words:
"microphone" and "mic" both find "two microphones", at 1280 and 320 px, with axe on each page."""

import pytest
from playwright.sync_api import expect

from consortium.models import Audience, Category, ListingKind
from tests.accessibility import assert_accessible
from tests.brokerage.data import make_listing
from tests.browser.journey import WIDTHS
from tests.factories import make_site
from tests.personas import make_personas

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_visitor_finds_two_microphones_by_microphone_and_by_mic(page, width):
    make_site()
    people = make_personas()
    make_listing(
        people.organisation,
        kind=ListingKind.OFFER,
        category=Category.EQUIPMENT,
        title="PA system with two microphones",
        description="Speakers, a mixer and two microphones, free to borrow for events.",
        audience=Audience.PUBLIC,
    )
    make_listing(people.organisation, title="Drivers for the lunch club", audience=Audience.PUBLIC)
    page.set_viewport_size({"width": width, "height": 900})
    for words in ("microphone", "mic"):
        page.goto("/resources/")
        page.get_by_label("Search words").fill(words)
        page.get_by_role("button", name="Show results").click()
        expect(page.get_by_role("link", name="PA system with two microphones")).to_be_visible()
        expect(page.get_by_role("link", name="Drivers for the lunch club")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
