"""Funding opportunities in a real chromium: a visitor filters the list, opens an
opportunity and downloads the deadlines calendar; a member says they seek partners."""

import datetime
from decimal import Decimal

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consortium.models import OpportunityKind
from tests.accessibility import assert_accessible
from tests.browser.test_browser_buying import signed_in
from tests.csp import assert_no_csp_violations, watch_for_csp_violations
from tests.opportunities.helpers import make_opportunity
from tests.personas import make_personas
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def second_tab(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    violations = watch_for_csp_violations(context)
    yield context.new_page()
    context.close()
    assert_no_csp_violations(violations)


def test_a_visitor_finds_an_opportunity_and_a_member_seeks_partners(
    page,
    second_tab,
    live_server,
    home_page,
):
    p = make_personas()
    make_opportunity(
        "Village halls energy fund",
        days=21,
        amount_min=Decimal("5000"),
        amount_max=Decimal("50000"),
        suits_small=True,
        eoi_deadline=timezone.now() + datetime.timedelta(days=7),
        link="https://example.org/warm-and-well",
    )
    make_opportunity("Befriending contract", days=40, kind=OpportunityKind.TENDER)

    page.goto("/opportunities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding opportunities")
    expect(page.get_by_role("heading", name="2 opportunities")).to_be_visible()
    shot(page, "opportunities", full_page=True)
    assert_accessible(page)

    page.get_by_label("Suits small organisations").check()
    page.get_by_role("button", name="Show opportunities").click()
    expect(page.get_by_role("heading", name="1 opportunity matching your filters")).to_be_visible()
    expect(page.get_by_role("link", name="Befriending contract")).to_have_count(0)
    shot(page, "opportunities-filtered")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add the deadlines to your calendar (iCalendar)").click()
    download = download_info.value
    assert download.suggested_filename == "funding-deadlines.ics"
    with open(download.path(), "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert summaries == [
        "Deadline: Befriending contract",
        "Deadline: Village halls energy fund",
        "Expressions of interest due: Village halls energy fund",
    ]

    page.get_by_role("link", name="Village halls energy fund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Village halls energy fund")
    expect(page.get_by_text("£5,000 to £50,000")).to_be_visible()
    expect(page.get_by_text("0 organisations seeking partners for this.")).to_be_visible()
    shot(page, "opportunity", full_page=True)
    assert_accessible(page)

    member = signed_in(second_tab, live_server, p.member)
    member.goto(page.url)
    assert_accessible(member)
    member.get_by_label("What your organisation brings and the partners it needs").fill(
        "We run warm spaces in two halls and need partners in the south."
    )
    member.get_by_role("button", name="Seek partners").click()
    expect(
        member.get_by_text("Fernlea Food Bank is now listed as seeking partners.")
    ).to_be_visible()
    expect(member.get_by_role("link", name="Fernlea Food Bank")).to_be_visible()
    expect(member.get_by_role("button", name="Stop seeking partners")).to_be_visible()
    shot(member, "seeking-partners", full_page=True)
    assert_accessible(member)

    page.reload()
    expect(page.get_by_text("1 organisation seeking partners for this.")).to_be_visible()
