"""Someone opens the impact page and reads its charts and tables without zooming: at 1280 px
every column of every table shows and the charts' labels are at body size in the page's font;
on a 375 or 320 px phone the charts and tables stack, the page never scrolls sideways, and a
table too wide for the screen scrolls in its own focusable region with a shadow at its edge.
The joint-buying progress bar is as wide as its column. axe-core finds nothing throughout."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from consortium.models import Category
from tests.accessibility import assert_accessible
from tests.browser.reflow import assert_no_sideways_scrolling
from tests.browser_helpers import signed_in
from tests.buying.data import add_pledging_organisations, make_match, make_scheme
from tests.personas import make_personas

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TABLES = [
    "Completed matches by category",
    "Completed matches in the last 12 months",
    "Pledges against targets",
    "Organisations with completed matches",
]

# Each column header's box, and whether its region is scrolled to show it.
HEADERS = """(region) => [...region.querySelectorAll("th[scope=col]")].map((th) => {
  const box = th.getBoundingClientRect();
  const frame = region.getBoundingClientRect();
  return {text: th.textContent.trim(), left: box.left, right: box.right,
          inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5};
})"""

STYLE = """(element) => {
  const style = getComputedStyle(element);
  return {size: parseFloat(style.fontSize), family: style.fontFamily,
          background: style.backgroundImage};
}"""


@pytest.fixture
def impact(home_page):
    p = make_personas()
    make_match(p.organisation, p.other_organisation, hours=Decimal("12.5"))
    make_match(p.organisation, None, hours=Decimal("3"), money_value=Decimal("1250000"))
    make_match(
        p.other_organisation,
        None,
        category=Category.EQUIPMENT,
        items=40,
        kg_reused=Decimal("1234.5"),
        money_value=Decimal("1084.50"),
    )
    make_match(p.other_organisation, None, category=Category.DOCUMENTS)
    scheme = make_scheme(p.organisation, title="Winter heating oil for village halls")
    add_pledging_organisations(scheme, 3, quantity=Decimal("800"))
    return p, scheme


def body_font(page):
    return page.locator("main p.govuk-body").first.evaluate(STYLE)["family"]


def test_at_1280_px_every_column_shows_and_the_charts_read_at_body_size(page, impact):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/impact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Our impact")
    width = page.evaluate("window.innerWidth")

    for name in TABLES:
        region = page.get_by_role("region", name=name)
        expect(region.get_by_role("table", name=name)).to_be_visible()
        for header in region.evaluate(HEADERS):
            assert header["inside"] and header["right"] <= width, f"{name}: {header}"
        expect(region.get_by_role("columnheader").last).to_be_visible()

    for chart_name in ["Matches completed by category", "Matches completed each month"]:
        chart = page.get_by_role("img", name=chart_name)
        expect(chart).to_be_visible()
        label = chart.locator(".shoal-chart__label").first
        style = label.evaluate(STYLE)
        assert style["size"] >= 16 and style["family"] == body_font(page)
        value = chart.locator("text").first.evaluate(STYLE)
        assert value["size"] >= 16 and value["family"] == body_font(page)
        # The longest bar fills most of the chart's width, not a few pixels of it.
        longest = max(rect.bounding_box()["width"] for rect in chart.locator("rect").all())
        assert longest > chart.bounding_box()["width"] / 2
    assert_accessible(page)


@pytest.mark.parametrize("width", [375, 320])
def test_on_a_phone_charts_and_tables_stack_and_wide_tables_scroll_in_their_own_region(
    page, impact, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/impact/")
    assert_no_sideways_scrolling(page)

    chart = page.get_by_role("img", name="Matches completed by category")
    region = page.get_by_role("region", name="Completed matches by category")
    assert region.bounding_box()["y"] >= chart.bounding_box()["y"] + chart.bounding_box()["height"]
    assert chart.locator(".shoal-chart__label").first.evaluate(STYLE)["size"] >= 16

    scrolling = [
        name
        for name in TABLES
        if page.get_by_role("region", name=name).evaluate("(r) => r.scrollWidth > r.clientWidth")
    ]
    assert scrolling, "at least the six-column tables are wider than a phone"
    for name in scrolling:
        region = page.get_by_role("region", name=name)
        assert "gradient" in region.evaluate(STYLE)["background"]  # the shadow at the edge
        region.focus()
        expect(region).to_be_focused()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("End")
    assert_no_sideways_scrolling(page)
    assert_accessible(page)


def test_the_joint_buying_progress_bar_is_as_wide_as_its_column(page, live_server, impact):
    p, scheme = impact
    signed_in(page, live_server, p.member)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/joint-buying/{scheme.slug}/")
    expect(page.get_by_text("2,400 of 10,000 litres (24%)")).to_be_visible()
    bar = page.locator("progress.shoal-progress").first
    box = bar.bounding_box()
    column = bar.evaluate(
        """(b) => { const s = getComputedStyle(b.parentElement);
          return b.parentElement.clientWidth - parseFloat(s.paddingLeft)
            - parseFloat(s.paddingRight); }"""
    )
    assert box["height"] >= 24 and box["width"] >= column - 1
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scrolling(page)
