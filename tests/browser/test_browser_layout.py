"""Layout in a real chromium: the menu fits on one row on desktops, and the members'
pages reflow on a 320 px screen (the public pages: test_browser_reflow.py)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.browser.reflow import SMALL_SCREEN, assert_no_sideways_scrolling
from tests.factories import StandardPageFactory, make_site, pdf_bytes

# Like every live-server test here, restore what the migrations made after each flush:
# mixing tests that do with tests that do not leaves stale content types behind.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The demo's menu (home/demo/): the home page, two standard pages and the five indexes.
DEMO_MENU = [
    "About Shoal",
    "How to join",
    "Forums of Interest",
    "Clusters",
    "News",
    "Case studies",
    "Events",
]


@pytest.fixture
def demo_menu():
    home = make_site()
    for title in DEMO_MENU:
        StandardPageFactory(parent=home, title=title, show_in_menus=True)
    return home


@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_the_main_menu_fits_on_one_row_on_desktop_screens(page, demo_menu, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")
    menu = page.get_by_role("navigation", name="Main").get_by_role("listitem")
    expect(menu).to_have_text(["Home", *DEMO_MENU])

    rows = {}
    for title, top in menu.evaluate_all("items => items.map(i => [i.innerText, i.offsetTop])"):
        rows.setdefault(top, []).append(title)
    assert len(rows) == 1, f"the menu wraps at {width}px: " + " / ".join(
        ", ".join(titles) for titles in rows.values()
    )


@pytest.fixture
def members_area(home_page):
    """An organisation admin with a join request, a vault document and a pledge to show."""
    from django.core.files.base import ContentFile

    from consortium.models import Membership, OrganisationDocument
    from tests.factories import UserFactory
    from tests.personas import make_personas

    personas = make_personas()
    Membership.objects.create(
        user=UserFactory(username="newcomer", email="someone.with.a.long.address@example.org"),
        organisation=personas.organisation,
        message="I run the Thursday lunch club and would like to post offers.",
    )
    document = OrganisationDocument(
        organisation=personas.organisation,
        kind="insurance",
        title="Public liability insurance certificate 2026 to 2027",
        expires_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    document.file.save("insurance.pdf", ContentFile(pdf_bytes()), save=False)
    document.save()
    return personas


MEMBERS_PAGES = [
    pytest.param(lambda p: "/members/", id="dashboard"),
    pytest.param(lambda p: f"/organisations/{p.organisation.slug}/members/", id="members"),
    pytest.param(lambda p: f"/organisations/{p.organisation.slug}/documents/", id="vault"),
    pytest.param(lambda p: "/impact/", id="impact"),
    pytest.param(lambda p: "/resources/", id="offers and needs"),
]


@pytest.mark.parametrize("address", MEMBERS_PAGES)
def test_the_members_pages_read_on_a_320_pixel_screen_signed_in(
    page, live_server, members_area, address
):
    """The signed-in header wraps; wide tables scroll inside a focusable region of their own."""
    from tests.browser_helpers import signed_in

    signed_in(page, live_server, members_area.org_admin)
    page.set_viewport_size(SMALL_SCREEN)
    page.goto(address(members_area))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
