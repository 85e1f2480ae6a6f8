"""Joint buying in a real chromium: a member pledges and changes the pledge, the
coordinator downloads the pledges as CSV; the impact page passes axe too."""

import csv
import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.browser_helpers import signed_in
from tests.buying.data import add_quotes, make_match, make_scheme
from tests.csp import assert_no_csp_violations, watch_for_csp_violations
from tests.personas import make_personas
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def second_tab(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    context.set_default_timeout(10_000)
    violations = watch_for_csp_violations(context)
    yield context.new_page()
    context.close()
    assert_no_csp_violations(violations)


def test_a_member_pledges_changes_it_and_the_coordinator_downloads_the_csv(
    page, second_tab, live_server, home_page
):
    p = make_personas()
    scheme = make_scheme(p.other_organisation, title="Winter heating oil")
    add_quotes(scheme)

    member = signed_in(page, live_server, p.member)
    member.goto("/joint-buying/")
    expect(member.get_by_role("heading", level=1)).to_have_text("Joint buying")
    expect(member.get_by_text("0 of 10,000 litres (0%)")).to_be_visible()
    shot(member, "joint-buying")
    assert_accessible(member)

    member.get_by_role("link", name="Winter heating oil").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Winter heating oil")
    shot(member, "scheme", full_page=True)
    assert_accessible(member)

    quantity = member.get_by_label("How many litres does your organisation want?")
    quantity.fill("400")
    member.get_by_role("button", name="Pledge").click()
    expect(member.get_by_role("alert")).to_contain_text(
        "The minimum order is 500 litres per organisation"
    )
    shot(member, "pledge-below-minimum")
    assert_accessible(member)

    member.get_by_label("How many litres does your organisation want?").fill("750")
    member.get_by_role("button", name="Pledge").click()
    expect(member.get_by_text("Fernlea Food Bank has pledged 750 litres.").first).to_be_visible()
    expect(member.get_by_text("750 of 10,000 litres (8%)")).to_be_visible()
    shot(member, "pledge-made", full_page=True)
    assert_accessible(member)

    member.get_by_label("How many litres does your organisation want?").fill("2400")
    member.get_by_role("button", name="Change pledge").click()
    expect(member.get_by_text("2,400 of 10,000 litres (24%)")).to_be_visible()
    assert_accessible(member)

    coordinator = signed_in(second_tab, live_server, p.other_member)
    coordinator.goto(f"/joint-buying/{scheme.slug}/")
    shot(coordinator, "scheme-coordinator", full_page=True)
    assert_accessible(coordinator)
    with coordinator.expect_download() as download_info:
        coordinator.get_by_role("link", name="Download the pledges (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "winter-heating-oil-pledges.csv"
    content = download.path().read_bytes()
    assert content.startswith("\ufeff".encode())  # so that Excel reads "£" as UTF-8
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r["Organisation"], r["Quantity"], r["Unit"]) for r in rows] == [
        ("Fernlea Food Bank", "2400.00", "litres")
    ]


def test_the_impact_page_is_accessible(page, home_page):
    p = make_personas()
    make_match(
        p.organisation, p.other_organisation, hours=Decimal("12.5"), money_value=Decimal("150")
    )
    make_scheme(p.organisation)
    page.goto("/impact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Our impact")
    expect(page.get_by_role("img", name="Matches completed each month")).to_be_visible()
    expect(page.get_by_role("table", name="Completed matches by category")).to_be_visible()
    shot(page, "impact-charts", full_page=True)
    assert_accessible(page)
