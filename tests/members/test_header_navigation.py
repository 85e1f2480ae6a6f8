"""The header: visitors are offered an account; signed-in people reach the members' area and
their to-do list, with a count of what waits for them."""

import pytest
from django.test import Client

from tests.bids.world import make_bid_world
from tests.members.todo_world import add_one_of_each

pytestmark = pytest.mark.django_db

MEMBERS_LINKS = {
    "Offers and needs": 'href="/resources/"',
    "Joint buying": 'href="/joint-buying/"',
    "Organisations": 'href="/organisations/"',
    "Bids": 'href="/bids/"',
}


def _header(html):
    return html.split("<header", 1)[1].split("</header>", 1)[0]


def test_a_visitor_is_offered_create_an_account_beside_sign_in(home_page):
    header = _header(Client().get("/").content.decode())
    assert ">Create an account</a>" in header
    assert 'href="/accounts/signup/"' in header
    assert ">Sign in</a>" in header
    assert "To-do" not in header
    assert 'aria-label="Members' not in header


def test_a_signed_in_member_reaches_the_members_area_and_to_do_from_the_header(home_page):
    world = make_bid_world()
    add_one_of_each(world)
    header = _header(world.client("partner").get("/").content.decode())
    for words, link in MEMBERS_LINKS.items():
        assert f"{link}>{words}</a>" in header.replace(' aria-current="page"', "")
    assert 'href="/members/to-do/"' in header
    assert "To-do <span" in header
    assert '(8<span class="govuk-visually-hidden"> things to do</span>)' in header
    assert "Create an account" not in header


def test_the_count_is_the_persons_own_not_the_last_visitors(home_page):
    world = make_bid_world()
    add_one_of_each(world)
    assert "(8<span" in _header(world.client("partner").get("/").content.decode())
    outsider = _header(world.client("non_member").get("/").content.decode())
    assert "(0<span" in outsider
    assert "things to do" in outsider
    # and an anonymous visitor after them gets no one's count
    assert "To-do" not in _header(Client().get("/").content.decode())


def test_the_to_do_link_is_marked_as_the_current_page_on_the_to_do_page(home_page):
    world = make_bid_world()
    header = _header(world.client("partner").get("/members/to-do/").content.decode())
    assert 'id="header-todo" aria-current="page"' in header
