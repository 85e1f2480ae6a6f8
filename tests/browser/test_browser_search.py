"""In a real chromium: search from the header, choose a suggestion with the keyboard, narrow
by a facet, go to page 2 and open a result. Every page visited is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from consortium.models import Area, Audience, Category
from tests.accessibility import assert_accessible
from tests.brokerage.data import make_listing
from tests.factories import OrganisationFactory, StandardPageFactory, make_site
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_searches_uses_suggestions_filters_pages_through_and_opens_a_result(page):
    home = make_site()
    StandardPageFactory(parent=home, title="Borrowing a minibus", slug="borrowing-a-minibus")
    owner = OrganisationFactory(name="Valley Minibus Trust", slug="valley-minibus")
    for n in range(12):
        make_listing(
            owner,
            title=f"Minibus seat {n} to lend",
            audience=Audience.PUBLIC,
            category=Category.EQUIPMENT,
            area=Area.NORTH,
        )
    make_listing(owner, title="Minibus driver wanted", audience=Audience.PUBLIC, area=Area.SOUTH)

    page.goto("/")
    box = page.get_by_role("combobox", name="Search this site")
    box.fill("minib")
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    expect(page.get_by_role("option")).to_have_count(8)
    shot(page, "search-suggestions")
    assert_accessible(page)  # with the suggestions open
    box.press("ArrowDown")
    first = page.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Escape")
    expect(suggestions).to_be_hidden()

    box.fill("minibus")
    box.press("Enter")  # nothing chosen: the ordinary search
    expect(page).to_have_url(re.compile(r"/search/\?query=minibus$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("15 results for “minibus”")
    shot(page, "search-results", full_page=True)
    assert_accessible(page)

    page.get_by_role("link", name="Offers and needs (13)").click()
    expect(main).to_contain_text("13 results for “minibus”")
    page.get_by_role("link", name="North (12)").click()
    expect(main).to_contain_text("12 results for “minibus”")
    shot(page, "search-filtered", full_page=True)
    assert_accessible(page)

    page.get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(re.compile(r"area=north.*page=2|page=2.*area=north"))
    expect(main).to_contain_text("12 results for “minibus”")
    expect(main.locator("mark").first).to_have_text(re.compile("minibus", re.IGNORECASE))
    assert_accessible(page)

    main.get_by_role("link", name=re.compile(r"Minibus seat \d+ to lend")).first.click()
    expect(page).to_have_url(re.compile(r"/resources/\d+/$"))
    assert_accessible(page)


def test_suggestion_chosen_with_the_keyboard_opens_its_page(page):
    home = make_site()
    StandardPageFactory(parent=home, title="Lantern parade", slug="lantern-parade")
    page.goto("/")
    box = page.get_by_role("combobox", name="Search this site")
    box.fill("lante")
    expect(page.get_by_role("option", name=re.compile("Lantern parade"))).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/lantern-parade/$"))
