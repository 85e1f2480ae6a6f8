"""A member opens To-do from the header and follows an item to where it is done, at 1280 px
and on a 320 px screen, with axe-core finding nothing on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
from tests.browser_helpers import signed_in
from tests.factories import make_site
from tests.members.todo_world import add_one_of_each

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_member_opens_to_do_from_the_header_and_follows_an_item(page, live_server, width):
    make_site()
    world = make_bid_world()
    things = add_one_of_each(world)
    signed_in(page, live_server, world.partner)
    page.set_viewport_size({"width": width, "height": 900} if width > 320 else SMALL_SCREEN)
    page.goto("/")

    members = page.get_by_role("navigation", name="Members' area")
    for name in ["Offers and needs", "Joint buying", "Organisations", "Bids"]:
        expect(members.get_by_role("link", name=name, exact=True)).to_be_visible()
    todo = members.get_by_role("link", name=re.compile(r"^To-do \(8 things to do\s*\)$"))
    expect(todo).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    todo.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("To-do")
    expect(page.get_by_role("heading", name="Replies waiting for your answer (1)")).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Answer the reply\s*:\s*Folding tables 0$")).click()
    expect(page).to_have_url(f"{live_server.url}/resources/replies/{things['replies'].pk}/")
    assert_accessible(page)
