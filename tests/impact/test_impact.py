"""The impact page, its per-organisation downloads and the admin dashboard panel."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consortium.impact import figures as impact
from consortium.models import (
    Category,
    Listing,
    ListingKind,
    Match,
    MatchStatus,
    Organisation,
    Reply,
    SchemeStatus,
)
from consortium.numbers import money, number
from tests.buying.data import add_pledging_organisations, make_match, make_scheme
from tests.factories import UserFactory
from tests.personas import PERSONAS, client_for, make_personas

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def p():
    return make_personas()


def at(year, month, day=10):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def figures(p):
    """Completed matches in two categories and three months, plus ones that do not count."""
    make_match(
        p.organisation,
        p.other_organisation,
        hours=Decimal("12.5"),
        money_value=Decimal("150"),
        completed_at=at(2026, 11),
    )
    make_match(p.organisation, None, hours=Decimal("3"), completed_at=at(2026, 11, 2))
    make_match(
        p.other_organisation,
        p.organisation,
        category=Category.EQUIPMENT,
        items=40,
        kg_reused=Decimal("1234.5"),
        money_value=Decimal("1084.50"),
        completed_at=at(2026, 9),
    )
    make_match(
        p.other_organisation, None, category=Category.EQUIPMENT, items=2, completed_at=at(2025, 6)
    )  # too old for the months
    make_match(p.organisation, None, status=MatchStatus.AGREED, hours=Decimal("99"))
    make_match(p.organisation, None, status=MatchStatus.NO_SHOW, hours=Decimal("99"))
    return p


def _private(p):
    organisation, _ = Organisation.objects.get_or_create(
        name="Quiet Trust",
        defaults={
            "charity_number": "1234567",
            "legal_form": "registered-charity",
            "is_public": False,
        },
    )
    make_match(organisation, None, hours=Decimal("2"))
    return organisation


ALL_200 = dict.fromkeys(PERSONAS, 200)
PRIVATE = {**ALL_200, "anonymous": 404}
NONE = dict.fromkeys(PERSONAS, 404)

ACCESS = [
    ("the impact page", lambda p: reverse("impact:index"), ALL_200),
    (
        "a public organisation's figures as CSV",
        lambda p: reverse("impact:organisation_csv", args=[p.organisation.org_id]),
        ALL_200,
    ),
    (
        "a public organisation's figures as JSON",
        lambda p: reverse("impact:organisation_json", args=[p.organisation.org_id]),
        ALL_200,
    ),
    (
        "a private organisation's figures as CSV",
        lambda p: reverse("impact:organisation_csv", args=[_private(p).org_id]),
        PRIVATE,
    ),
    (
        "a private organisation's figures as JSON",
        lambda p: reverse("impact:organisation_json", args=[_private(p).org_id]),
        PRIVATE,
    ),
    (
        "an unknown org-id",
        lambda p: reverse("impact:organisation_json", args=["GB-CHC-999999"]),
        NONE,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"


def test_only_completed_matches_count_towards_the_totals(figures):
    totals = impact.totals()
    assert totals.matches_completed == 4
    assert totals.volunteer_hours == Decimal("15.5")
    assert totals.money_value == Decimal("1234.50")
    assert totals.items == 42
    assert totals.kg_reused == Decimal("1234.5")


def test_figures_are_grouped_by_category(figures):
    by_category = dict(impact.by_category())
    assert by_category["Volunteering time"].matches_completed == 2
    assert by_category["Volunteering time"].volunteer_hours == Decimal("15.5")
    assert by_category["Equipment"].items == 42
    assert by_category["Venues and space"].matches_completed == 0
    assert len(by_category) == len(Category.choices)


def test_figures_are_bucketed_into_the_last_twelve_months(figures):
    with time_machine.travel(NOW, tick=False):
        months = impact.by_month()
    assert [start for start, _ in months][0] == datetime.date(2025, 12, 1)
    assert [start for start, _ in months][-1] == datetime.date(2026, 11, 1)
    counts = {start: f.matches_completed for start, f in months}
    assert counts[datetime.date(2026, 11, 1)] == 2
    assert counts[datetime.date(2026, 9, 1)] == 1
    assert counts[datetime.date(2026, 10, 1)] == 0
    assert sum(counts.values()) == 3  # June 2025 is older than 12 months


def test_month_starts_cross_the_new_year():
    starts = impact.month_starts(datetime.date(2026, 2, 20), months=3)
    assert starts == [
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]


def test_numbers_are_formatted_for_people():
    assert number(Decimal("1234")) == "1,234"
    assert number(Decimal("1234.50")) == "1,234.5"
    assert money(Decimal("1234.5")) == "£1,234.50"
    assert number(None) == ""


def test_the_impact_page_shows_figures_charts_and_tables(client, figures):
    scheme = make_scheme(figures.organisation)
    add_pledging_organisations(scheme, 3, quantity=Decimal("800"))
    make_scheme(figures.organisation, title="Hidden draft", status=SchemeStatus.DRAFT)
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("impact:index")).content.decode()
    assert "Matches completed</dt>" in html
    assert "£1,234.50" in html and "1,234.5" in html and "15.5" in html
    assert html.count('role="img"') == 3
    assert (
        '<div class="shoal-chart" id="impact-by-month" role="img" '
        'aria-labelledby="impact-by-month-title" aria-describedby="impact-by-month-desc"' in html
    )
    assert (
        '<p class="shoal-chart__title" id="impact-by-category-title">'
        "Matches completed by category</p>" in html
    )
    assert "Completed matches by category</caption>" in html
    assert "Completed matches in the last 12 months</caption>" in html
    assert '<th scope="row" class="govuk-table__header">November 2026</th>' in html
    assert "Pledges against targets</caption>" in html
    assert "2,400 litres" in html and "24%" in html
    assert "Hidden draft" not in html
    assert "style=" not in html.split("<main")[1]


def test_the_impact_page_links_each_organisations_downloads(client, figures):
    html = client.get(reverse("impact:index")).content.decode()
    assert 'href="/impact/organisations/GB-CHC-1090095.csv"' in html
    assert 'href="/impact/organisations/GB-COH-08255580.json"' in html


def test_private_organisations_are_not_listed_to_the_public(p, figures):
    private = _private(p)
    assert (
        private.name not in client_for("anonymous", p).get(reverse("impact:index")).content.decode()
    )
    assert private.name in client_for("member", p).get(reverse("impact:index")).content.decode()


def test_an_organisations_figures_as_json_are_keyed_by_its_org_id(client, figures):
    response = client.get(reverse("impact:organisation_json", args=["GB-CHC-1090095"]))
    data = json.loads(response.content)
    assert data["org_id"] == "GB-CHC-1090095"
    assert data["name"] == "Fernlea Food Bank"
    # Fernlea listed three completed matches and replied to one of Quarry Hill's.
    assert data["matches_completed"] == 3
    assert data["volunteer_hours"] == 15.5
    assert data["money_value_gbp"] == "1234.50"
    assert data["items_reused"] == 40
    assert data["kg_reused"] == 1234.5


def test_an_organisations_figures_as_csv(client, figures):
    response = client.get(reverse("impact:organisation_csv", args=["GB-COH-08255580"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="GB-COH-08255580.csv"' in response["Content-Disposition"]
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(zip(header, row, strict=True))
    assert record["org_id"] == "GB-COH-08255580"
    assert record["matches_completed"] == "3"
    assert record["items_reused"] == "42"
    assert record["money_value_gbp"] == "1234.50"


def test_the_admin_dashboard_shows_the_headline_figures_and_a_chart(client, admin_user, figures):
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get("/admin/").content.decode()
    assert "Impact of shared resources" in html
    assert "£1,234.50" in html
    assert 'id="impact-by-month"' in html
    assert "Completed matches in the last 12 months</caption>" in html


def test_the_impact_page_costs_the_same_queries_as_data_grows(
    client, p, django_assert_max_num_queries
):
    def grow(n):
        for i in range(n):
            organisation = Organisation.objects.create(
                name=f"Grow {Organisation.objects.count()}",
                company_number=f"{Organisation.objects.count() + 10000000}",
            )
            make_match(
                organisation,
                p.organisation,
                hours=Decimal("1"),
                completed_at=timezone.now() - datetime.timedelta(days=31 * (i % 12)),
            )
            make_scheme(organisation, title=f"Scheme {organisation.pk}")

    url = reverse("impact:index")
    counts = []
    for n in (3, 30):
        grow(n)
        client.get(url)
        with django_assert_max_num_queries(15) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _matches_completed(html):
    """The headline number of matches completed, as the page shows it."""
    row = html.split("Matches completed</dt>", 1)[1]
    return row.split(">", 1)[1].split("</dd>", 1)[0]


@pytest.fixture
def fifty_one_organisations(p):
    """51 public organisations with a completed match each, named so that they sort 01-51.

    Made in bulk: one at a time (each saved, indexed and matched) took a minute.
    """
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Impact Test Trust {i:02d}",
            slug=f"impact-test-trust-{i:02d}",
            company_number=f"{20000000 + i}",
            org_id=f"GB-COH-{20000000 + i}",
        )
        for i in range(1, 52)
    )
    listings = Listing.objects.bulk_create(
        Listing(
            kind=ListingKind.NEED,
            category=Category.VOLUNTEERING,
            title="Help wanted",
            description="Help wanted",
            organisation=organisation,
        )
        for organisation in organisations
    )
    user = UserFactory()
    replies = Reply.objects.bulk_create(
        Reply(listing=listing, user=user, message="We can help") for listing in listings
    )
    Match.objects.bulk_create(
        Match(
            listing=listing,
            reply=reply,
            status=MatchStatus.COMPLETED,
            completed_at=timezone.now(),
            hours=Decimal("1"),
        )
        for listing, reply in zip(listings, replies, strict=True)
    )
    return p


def test_the_organisations_are_listed_fifty_a_page_by_name(client, fifty_one_organisations):
    first = client.get(reverse("impact:index")).content.decode()
    assert "Impact Test Trust 01" in first and "Impact Test Trust 50" in first
    assert "Impact Test Trust 51" not in first
    assert "Organisations with completed matches: 1 to 50 of 51</caption>" in first
    assert 'aria-label="Pages of organisations"' in first
    assert 'href="?page=2" rel="next"' in first
    # The page's figures, charts and tables are on every page of the list.
    assert "Completed matches by category</caption>" in first

    second = client.get(reverse("impact:index"), {"page": "2"}).content.decode()
    assert "Impact Test Trust 51" in second
    assert "Impact Test Trust 01" not in second
    assert 'href="/impact/organisations/GB-COH-20000051.csv"' in second
    assert "Completed matches by category</caption>" in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "2\x00"])
def test_a_bad_page_number_gives_a_page_of_organisations(client, figures, page):
    response = client.get(reverse("impact:index"), {"page": page})
    assert response.status_code == 200
    assert "Fernlea Food Bank" in response.content.decode()


def test_a_match_completed_after_a_visit_counts_on_the_next_visit(client, figures):
    url = reverse("impact:index")
    assert _matches_completed(client.get(url).content.decode()) == "4"
    assert "Newcomer Trust" not in client.get(url).content.decode()

    match = Match.objects.get(status=MatchStatus.AGREED)
    match.status = MatchStatus.COMPLETED
    match.completed_at = timezone.now()
    match.save()
    newcomer = Organisation.objects.create(name="Newcomer Trust", company_number="30000001")
    make_match(newcomer, None, hours=Decimal("2"))

    html = client.get(url).content.decode()
    assert _matches_completed(html) == "6"
    assert "Newcomer Trust" in html


def test_the_figures_are_worked_out_once_until_something_changes(client, figures):
    url = reverse("impact:index")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    matches = [q["sql"] for q in again.captured_queries if "consortium_match" in q["sql"]]
    # Only the figures of the organisations on this page are read again.
    assert len(matches) == 2
    assert len(again.captured_queries) < len(first.captured_queries)
