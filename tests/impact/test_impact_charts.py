"""The impact charts a person reads without zooming: bars in proportion to their values, each
value written on or beside its bar, and the tables under the charts at full width."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from consortium.impact import charts
from consortium.models import Category
from tests.buying.data import add_pledging_organisations, make_match, make_scheme
from tests.personas import make_personas
from tests.platform.test_valid_html import validate


def widths(chart_html):
    return [rect["width"] for rect in BeautifulSoup(chart_html, "html.parser").select("rect")]


def test_bars_are_as_long_as_their_values_with_the_largest_filling_the_column():
    bars = charts.bars([("Time", 8, "8"), ("Equipment", 2, "2"), ("Venues", 0, "0")])
    assert [bar.width for bar in bars] == [Decimal("100.0"), Decimal("25.0"), Decimal("0.0")]
    assert [bar.shown for bar in bars] == ["8", "2", "0"]


def test_a_long_bar_carries_its_value_inside_and_a_short_one_just_past_its_end():
    long, short = charts.bars([("Time", 3, "3 matches"), ("Skills", 1, "1 match")])
    assert long.value_inside and not short.value_inside


def test_shares_of_a_target_fill_the_column_at_the_whole_target_and_no_further():
    bars = charts.bars([("Oil", 24, "24%"), ("Energy", 250, "250%")], largest=100)
    assert [bar.width for bar in bars] == [Decimal("24.0"), Decimal("100.0")]


def test_a_chart_of_nothing_yet_draws_empty_bars_rather_than_failing():
    assert widths(charts.bar_chart("c", "Nothing", "None yet.", [("Time", 0, "0")])) == ["0.0%"]


def test_a_chart_writes_its_labels_as_text_and_its_values_on_the_bars():
    html = charts.bar_chart(
        "by-category",
        "Matches completed by category",
        "The same numbers are in the table below it.",
        [("Time (volunteering)", 12, "12"), ("Equipment", 3, "3")],
    )
    soup = BeautifulSoup(html, "html.parser")
    chart = soup.select_one("#by-category")
    assert chart["role"] == "img"
    assert soup.select_one("#by-category-title").get_text() == "Matches completed by category"
    assert chart["aria-describedby"] == "by-category-desc"
    labels = [label.get_text() for label in soup.select(".shoal-chart__label")]
    assert labels == ["Time (volunteering)", "Equipment"]
    assert widths(html) == ["100.0%", "25.0%"]
    inside, beside = soup.select("text")
    assert (inside.get_text(), inside["text-anchor"], inside["fill"]) == ("12", "end", "#ffffff")
    assert (beside.get_text(), beside["x"], beside["fill"]) == ("3", "25.0%", "#0b0c0c")
    # Sizes come from the stylesheet: the text is never scaled down with the drawing.
    assert "viewbox" not in html.lower() and "font-size" not in html and "style=" not in html


@pytest.fixture
def impact_page(db, client):
    p = make_personas()
    make_match(p.organisation, p.other_organisation, hours=Decimal("12.5"))
    make_match(p.organisation, None, hours=Decimal("3"))
    make_match(p.other_organisation, None, category=Category.EQUIPMENT, items=40)
    add_pledging_organisations(make_scheme(p.organisation), 3, quantity=Decimal("800"))
    return client.get(reverse("impact:index")).content.decode()


def test_the_impact_charts_draw_each_category_and_scheme_in_proportion(impact_page):
    soup = BeautifulSoup(impact_page, "html.parser")
    by_category = soup.select_one("#impact-by-category")
    drawn = dict(
        zip(
            [label.get_text() for label in by_category.select(".shoal-chart__label")],
            widths(str(by_category)),
            strict=True,
        )
    )
    # Two matches of volunteering time fill the column; one of equipment fills half of it.
    assert drawn[Category.VOLUNTEERING.label] == "100.0%"
    assert drawn[Category.EQUIPMENT.label] == "50.0%"
    # 2,400 of 10,000 litres pledged: a quarter of the column, labelled 24%.
    schemes = soup.select_one("#impact-schemes")
    assert widths(str(schemes)) == ["24.0%"]
    assert schemes.select_one("text").get_text() == "24%"


def test_the_impact_tables_sit_under_their_charts_at_full_width(impact_page):
    soup = BeautifulSoup(impact_page, "html.parser")
    assert not soup.select("main .govuk-grid-column-one-half")
    regions = soup.select("main .shoal-table-scroll")
    assert len(regions) == 4  # categories, months, schemes, organisations
    for region in regions:
        assert region["role"] == "region" and region["tabindex"] == "0"
        assert region["aria-label"] == region.select_one("caption").get_text().split(":")[0]


def test_the_impact_page_with_its_charts_is_valid_html(impact_page, tmp_path):
    (tmp_path / "impact.html").write_text(impact_page)
    assert validate(tmp_path) == ""
