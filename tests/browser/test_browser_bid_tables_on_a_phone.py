"""On a phone (375 px), the bid's budget and sections tables are wider than the screen: each
scrolls in its own focusable region with a shadow at the edge that has more columns, and the
page itself never scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.bids.world import add_line, make_bid_world
from tests.browser_helpers import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CUE = "(r) => getComputedStyle(r).backgroundImage"
WIDER = "(r) => r.scrollWidth > r.clientWidth"


@pytest.mark.parametrize(
    ("page_path", "region_name"),
    [("budget/", "Wharf Street Advice"), ("sections/", "The bid's sections in order")],
)
def test_wide_bid_tables_show_that_they_scroll(
    page, live_server, home_page, page_path, region_name
):
    w = make_bid_world()
    add_line(w.bid, w.lead_org, 1000, description="Room hire for the Thursday sessions")
    lead = signed_in(page, live_server, w.lead)
    lead.set_viewport_size({"width": 375, "height": 800})
    lead.goto(f"/bids/{w.bid.slug}/{page_path}")

    # The budget has a table for each organisation; the sections page one for the bid.
    name = w.lead_org.name if page_path == "budget/" else "The bid's sections in order"
    region = lead.get_by_role("region", name=name)
    expect(region).to_be_visible()
    assert region.evaluate(WIDER), "the table is wider than a phone"
    assert "radial-gradient" in region.evaluate(CUE)  # the shadow at the edge
    region.focus()
    expect(region).to_be_focused()
    assert lead.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(lead)
