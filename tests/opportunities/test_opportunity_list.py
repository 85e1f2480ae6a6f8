"""Funding opportunities: the public list, its filters, search and pages, generated
parameters, and its queries as opportunities grow."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.models import Area, Opportunity, OpportunityKind, Organisation, PartnerSearch
from consortium.opportunities.views import amount_range
from tests.opportunities.helpers import detail_url, make_opportunity
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.title for item in response.context["opportunities"]]


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_open_opportunities_soonest_deadline_first(client):
    make_opportunity("Later fund", days=60)
    make_opportunity("Sooner fund", days=5)
    make_opportunity("Closed fund", days=-3)
    response = client.get(reverse("opportunities:index"))
    assert titles(response) == ["Sooner fund", "Later fund"]
    assert "2 opportunities" in response.content.decode()


def test_closed_opportunities_come_after_the_open_ones_when_asked_for(client):
    make_opportunity("Closed fund", days=-3)
    make_opportunity("Later fund", days=60)
    make_opportunity("Sooner fund", days=5)
    response = client.get(reverse("opportunities:index"), {"include_closed": "on"})
    assert titles(response) == ["Sooner fund", "Later fund", "Closed fund"]
    assert "Closed" in response.content.decode()


def test_each_item_shows_funder_amounts_deadline_eoi_tags_and_partner_seekers(client, p):
    opportunity = make_opportunity(
        "Befriending contract",
        kind=OpportunityKind.TENDER,
        funder="Westmoor County Council",
        amount_min=Decimal("5000"),
        amount_max=Decimal("50000"),
        days=10,
        eoi_deadline=timezone.now() + datetime.timedelta(days=3),
        suits_small=True,
        suits_vcse=True,
    )
    for organisation in (p.organisation, p.other_organisation):
        PartnerSearch.objects.create(opportunity=opportunity, organisation=organisation)
    page = client.get(reverse("opportunities:index")).content.decode()
    assert "Westmoor County Council" in page
    assert "£5,000 to £50,000" in page
    assert "Closes in 10 days" in page or "Closes in 9 days" in page
    assert "Expressions of interest by" in page
    assert "Suits small organisations" in page and "Suits VCSE providers" in page
    assert "2 organisations seeking partners" in page
    assert "1 grant" not in page and "0 grants and 1 tender" in page


def test_amounts_read_as_a_range_an_upper_or_lower_limit():
    def words(low, high):
        return amount_range(Opportunity(amount_min=low, amount_max=high))

    assert words(Decimal("5000"), Decimal("50000")) == "£5,000 to £50,000"
    assert words(None, Decimal("12500.50")) == "Up to £12,500.50"
    assert words(Decimal("1000"), None) == "From £1,000"
    assert words(None, None) == "Not stated"


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "tender"}, ["Befriending contract"]),
        ({"kind": "grant"}, ["Rural halls fund", "Small grants for youth"]),
        ({"area": "rural"}, ["Rural halls fund"]),
        ({"suits_small": "on"}, ["Small grants for youth"]),
        ({"suits_vcse": "on"}, ["Befriending contract"]),
        ({"closing_within": "7"}, ["Small grants for youth"]),
        ({"closing_within": "30", "kind": "grant"}, ["Small grants for youth", "Rural halls fund"]),
    ],
)
def test_visitors_filter_the_list(client, query, expected):
    make_opportunity("Small grants for youth", days=5, suits_small=True)
    make_opportunity("Rural halls fund", days=20, area=Area.RURAL)
    make_opportunity("Befriending contract", days=60, kind=OpportunityKind.TENDER, suits_vcse=True)
    response = client.get(reverse("opportunities:index"), query)
    assert sorted(titles(response)) == sorted(expected)
    assert "matching your filters" in response.content.decode()


def test_visitors_search_by_words(client):
    make_opportunity("Warm spaces fund", description="Heating for community buildings")
    make_opportunity("Youth music grants", description="Instruments and tuition")
    response = client.get(reverse("opportunities:index"), {"q": "heating"})
    assert titles(response) == ["Warm spaces fund"]


def test_a_bad_filter_value_is_explained_and_the_other_filters_still_apply(client):
    make_opportunity("Rural halls fund", area=Area.RURAL)
    make_opportunity("Town fund")
    response = client.get(reverse("opportunities:index"), {"kind": "lottery", "area": "rural"})
    assert response.status_code == 200
    assert titles(response) == ["Rural halls fund"]
    assert "Select a valid choice" in response.content.decode()


def test_the_list_is_paginated_twenty_at_a_time(client):
    for n in range(23):
        make_opportunity(f"Fund {n:02}", days=n + 1)
    first = client.get(reverse("opportunities:index"))
    assert len(titles(first)) == 20
    second = client.get(reverse("opportunities:index"), {"page": 2})
    assert titles(second) == ["Fund 20", "Fund 21", "Fund 22"]


def test_unpublished_opportunities_are_hidden_from_the_public_list(client, p):
    make_opportunity("Draft fund", is_published=False)
    assert titles(client.get(reverse("opportunities:index"))) == []
    staff = client_for("staff", p)
    assert titles(staff.get(reverse("opportunities:index"))) == ["Draft fund"]


def test_the_list_links_both_feeds(client):
    page = client.get(reverse("opportunities:index")).content.decode()
    assert reverse("opportunities:rss") in page and reverse("opportunities:ical") in page
    assert 'rel="alternate" type="text/calendar"' in page


FILTER_VALUES = st.one_of(
    st.text(max_size=30), st.sampled_from(["", "on", "7", "tender", "rural", "-1", "9" * 30])
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.dictionaries(
        st.sampled_from(
            ["q", "kind", "area", "closing_within", "suits_small", "suits_vcse", "include_closed"]
            + ["page"]
        ),
        FILTER_VALUES,
    )
)
def test_generated_list_parameters_never_break_the_list(client, query):
    if not Opportunity.objects.exists():
        make_opportunity()
    response = client.get(reverse("opportunities:index"), query)
    assert response.status_code == 200


# --- query counts ----------------------------------------------------------------------------


def _grow(p, n, start):
    organisations = [
        Organisation.objects.create(name=f"Seeker {start + i}") for i in range(min(n, 6))
    ]
    for i in range(n):
        opportunity = make_opportunity(f"Fund {start + i}", days=i + 1, suits_small=True)
        for organisation in organisations:
            PartnerSearch.objects.create(
                opportunity=opportunity, organisation=organisation, note="n"
            )
    return opportunity


def _count(client, url, django_assert_max_num_queries, limit=20):
    client.get(url)  # new data refreshes the shared caches: measure them warm, as served
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_list_and_page_queries_stay_constant_as_opportunities_grow(
    p, persona, django_assert_max_num_queries
):
    client = client_for(persona, p)
    small = _grow(p, 3, 0)
    client.get(reverse("opportunities:index"))  # warm the site's caches first
    counts_small = (
        _count(client, reverse("opportunities:index"), django_assert_max_num_queries),
        _count(client, detail_url(small), django_assert_max_num_queries),
    )
    large = _grow(p, 30, 100)
    counts_large = (
        _count(client, reverse("opportunities:index"), django_assert_max_num_queries),
        _count(client, detail_url(large), django_assert_max_num_queries),
    )
    assert counts_small == counts_large
