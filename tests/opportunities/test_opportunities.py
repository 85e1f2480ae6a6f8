"""Funding opportunities: the public list and page, seeking partners, and the feeds."""

import datetime
from decimal import Decimal

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium import permissions
from consortium.models import Area, Opportunity, OpportunityKind, Organisation, PartnerSearch
from consortium.opportunities.views import amount_range
from tests.personas import PERSONAS, client_for, make_member, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


def make_opportunity(title="Village halls energy fund", days=30, **fields):
    fields.setdefault("kind", OpportunityKind.GRANT)
    fields.setdefault("funder", "Westmoor Community Foundation")
    fields.setdefault("deadline", timezone.now() + datetime.timedelta(days=days))
    return Opportunity.objects.create(title=title, **fields)


def detail_url(opportunity):
    return reverse("opportunities:detail", args=[opportunity.slug])


def seek_url(opportunity):
    return reverse("opportunities:seek", args=[opportunity.slug])


def titles(response):
    return [item.title for item in response.context["opportunities"]]


# --- who gets what ---------------------------------------------------------------------------


ALL_200 = dict.fromkeys(PERSONAS, 200)
STAFF_ONLY_404 = {**dict.fromkeys(PERSONAS, 404), "staff": 200}
POST_ONLY = dict.fromkeys(PERSONAS, 405)

ACCESS = [
    ("the opportunities list", lambda p: reverse("opportunities:index"), ALL_200),
    ("the RSS feed", lambda p: reverse("opportunities:rss"), ALL_200),
    ("the deadlines calendar", lambda p: reverse("opportunities:ical"), ALL_200),
    ("an opportunity", lambda p: detail_url(make_opportunity()), ALL_200),
    (
        "an unpublished opportunity",
        lambda p: detail_url(make_opportunity("Draft fund", is_published=False)),
        STAFF_ONLY_404,
    ),
    ("seek partners (a form's button)", lambda p: seek_url(make_opportunity()), POST_ONLY),
    (
        "an opportunity that does not exist",
        lambda p: "/opportunities/no-such-opportunity/",
        dict.fromkeys(PERSONAS, 404),
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"


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


# --- one opportunity --------------------------------------------------------------------------


def test_the_page_shows_every_detail_and_links_to_the_funder_safely(client):
    opportunity = make_opportunity(
        "Befriending contract",
        kind=OpportunityKind.TENDER,
        programme="Ageing well",
        reference="WCC-2026-0147",
        description="Weekly visits.",
        eligibility="Registered charities and CICs.",
        amount_max=Decimal("240000"),
        link="https://www.contractsfinder.service.gov.uk/Notice/0147",
        eoi_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    page = client.get(detail_url(opportunity)).content.decode()
    for text in (
        "Befriending contract",
        "Ageing well",
        "WCC-2026-0147",
        "Weekly visits.",
        "Registered charities and CICs.",
        "Up to £240,000",
        "Expressions of interest by",
    ):
        assert text in page
    assert (
        'href="https://www.contractsfinder.service.gov.uk/Notice/0147" '
        'rel="noopener noreferrer external"' in page
    )


def test_anonymous_visitors_see_how_many_seek_partners_but_not_who(client, p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(
        opportunity=opportunity, organisation=p.organisation, note="We run the kitchen"
    )
    page = client.get(detail_url(opportunity)).content.decode()
    assert "1 organisation seeking partners" in page
    assert "Sign in" in page
    assert p.organisation.name not in page and "We run the kitchen" not in page


def test_members_see_who_seeks_partners_with_their_notes(p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(
        opportunity=opportunity, organisation=p.organisation, note="We run the kitchen"
    )
    page = client_for("other_member", p).get(detail_url(opportunity)).content.decode()
    assert p.organisation.name in page and "We run the kitchen" in page


def test_volunteers_without_an_organisation_see_only_the_count(p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.organisation, note="X1")
    page = client_for("volunteer", p).get(detail_url(opportunity)).content.decode()
    assert "1 organisation seeking partners" in page and "X1" not in page
    assert 'name="note"' not in page


def test_organisation_admins_see_start_a_consortium_bid_and_members_do_not(p):
    opportunity = make_opportunity()
    link = f"/bids/new/?opportunity={opportunity.slug}"
    assert link in client_for("org_admin", p).get(detail_url(opportunity)).content.decode()
    assert link not in client_for("member", p).get(detail_url(opportunity)).content.decode()
    assert link not in client_for("anonymous", p).get(detail_url(opportunity)).content.decode()


# --- seeking partners -------------------------------------------------------------------------


def opened_token(client, opportunity):
    return client.get(detail_url(opportunity)).context["form"]["opened"].value()


def seek_as(client, opportunity, note, opened=None, **extra):
    if opened is None:
        opened = opened_token(client, opportunity)
    return client.post(seek_url(opportunity), {"note": note, "opened": opened, **extra})


def test_a_member_seeks_partners_changes_the_note_and_withdraws(p):
    opportunity = make_opportunity()
    client = client_for("member", p)
    response = seek_as(client, opportunity, "We deliver in the north")
    assert response.status_code == 302
    search = PartnerSearch.objects.get(opportunity=opportunity)
    assert search.organisation == p.organisation and search.created_by == p.member
    page = client.get(detail_url(opportunity)).content.decode()
    assert "is now listed as seeking partners" in page and "We deliver in the north" in page

    seek_as(client, opportunity, "We deliver in the north and in town")
    search.refresh_from_db()
    assert search.note == "We deliver in the north and in town"

    seek_as(client, opportunity, "", withdraw="1")
    assert not PartnerSearch.objects.filter(opportunity=opportunity).exists()
    page = client.get(detail_url(opportunity)).content.decode()
    assert "no longer listed as seeking partners" in page


def test_people_not_acting_for_an_organisation_cannot_seek_partners(p):
    opportunity = make_opportunity()
    assert client_for("volunteer", p).post(seek_url(opportunity), {"note": "x"}).status_code == 403
    staff = client_for("staff", p).post(seek_url(opportunity), {"note": "x"})
    assert staff.status_code == 403
    anonymous = client_for("anonymous", p).post(seek_url(opportunity), {"note": "x"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not PartnerSearch.objects.exists()


def test_a_too_long_note_gets_an_error_and_keeps_the_saved_note(p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.organisation, note="Kept")
    client = client_for("member", p)
    response = seek_as(client, opportunity, "x" * 1001)
    assert response.status_code == 400
    assert "Enter a note of 1,000 characters or fewer" in response.content.decode()
    assert PartnerSearch.objects.get().note == "Kept"


def test_two_people_editing_the_note_never_overwrite_each_other(p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.organisation, note="Old")
    colleague = make_member("colleague-persona", p.organisation)
    member, other = client_for("member", p), client_for("anonymous", p)
    other.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    mine_opened, theirs_opened = opened_token(member, opportunity), opened_token(other, opportunity)
    assert seek_as(other, opportunity, "Their note", opened=theirs_opened).status_code == 302
    response = seek_as(member, opportunity, "My note", opened=mine_opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Their note" in page and "My note" in page and "changed or withdrew" in page
    assert PartnerSearch.objects.get().note == "Their note"
    # Saving again from the conflict page, having read theirs, goes through.
    again = response.context["form"]["opened"].value()
    assert seek_as(member, opportunity, "My note", opened=again).status_code == 302
    assert PartnerSearch.objects.get().note == "My note"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    note=st.text(max_size=1200),
    opened=st.one_of(st.just("none"), st.text(max_size=20)),
    withdraw=st.booleans(),
)
def test_generated_input_never_breaks_the_seek_partners_form(p, note, opened, withdraw):
    opportunity = Opportunity.objects.filter(slug="generated").first() or make_opportunity(
        slug="generated"
    )
    PartnerSearch.objects.all().delete()
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.organisation, note="Kept")
    client = client_for("member", p)
    data = {"note": note, "opened": opened}
    if withdraw:
        data["withdraw"] = "1"
    response = client.post(seek_url(opportunity), data)
    assert response.status_code in (302, 400, 409)
    if response.status_code != 302:
        assert PartnerSearch.objects.get().note == "Kept"


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


# --- feeds -----------------------------------------------------------------------------------


def test_the_rss_feed_lists_open_opportunities_newest_first(client):
    make_opportunity("Older fund", days=20)
    make_opportunity("Newer fund", days=40)
    make_opportunity("Closed fund", days=-1)
    make_opportunity("Draft fund", is_published=False)
    feed = feedparser.parse(client.get(reverse("opportunities:rss")).content)
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == [
        "Newer fund (Westmoor Community Foundation)",
        "Older fund (Westmoor Community Foundation)",
    ]
    assert feed.entries[0].link.endswith("/opportunities/newer-fund/")


def test_the_calendar_has_each_open_deadline_and_expression_of_interest_date(client):
    deadline = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    make_opportunity(
        "Befriending contract",
        deadline=deadline,
        eoi_deadline=deadline - datetime.timedelta(days=7),
    )
    make_opportunity("Rural halls fund", days=20)
    make_opportunity("Closed fund", days=-1)
    response = client.get(reverse("opportunities:ical"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "Deadline: Befriending contract",
        "Expressions of interest due: Befriending contract",
        "Deadline: Rural halls fund",
    }
    assert events["Deadline: Befriending contract"].decoded("dtstart") == deadline
    assert len({str(e["uid"]) for e in events.values()}) == 3


def test_a_new_opportunity_is_in_the_deadlines_calendar_on_the_next_request(client):
    make_opportunity("Rural halls fund", days=20)

    def summaries():
        response = client.get(reverse("opportunities:ical"))
        calendar = icalendar.Calendar.from_ical(response.content)
        return sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))

    assert summaries() == ["Deadline: Rural halls fund"]
    make_opportunity("Village shop grant", days=30)
    assert summaries() == ["Deadline: Rural halls fund", "Deadline: Village shop grant"]


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


def test_permission_to_see_partner_searches(p):
    assert permissions.can_see_partner_searches(p.member)
    assert permissions.can_see_partner_searches(p.staff)
    assert not permissions.can_see_partner_searches(p.volunteer)
    assert not permissions.can_see_partner_searches(None)


# --- demo ------------------------------------------------------------------------------------


def test_the_demo_has_grants_and_imported_tenders_and_loads_twice_unchanged(settings, tmp_path):
    import io

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())

    def state():
        return (
            Opportunity.objects.count(),
            Opportunity.history.count(),
            PartnerSearch.objects.count(),
        )

    first = state()
    call_command("load_demo_content", stdout=io.StringIO())
    assert state() == first, "loading the demo a second time changed the opportunities"
    now = timezone.now()
    assert Opportunity.objects.count() >= 8
    assert Opportunity.objects.filter(kind=OpportunityKind.GRANT).exists()
    assert Opportunity.objects.filter(kind=OpportunityKind.TENDER, ocid__isnull=False).count() == 3
    assert Opportunity.objects.filter(deadline__lt=now).count() == 1
    assert Opportunity.objects.filter(
        deadline__gte=now, deadline__lte=now + datetime.timedelta(days=7)
    ).exists()
    halls = Opportunity.objects.get(title="Village halls energy fund")
    assert halls.partner_searches.count() == 2


def test_the_opportunity_pages_and_form_answers_are_valid_html(p, tmp_path):
    from tests.platform.test_valid_html import validate

    opportunity = make_opportunity(
        "Befriending contract",
        amount_max=Decimal("240000"),
        link="https://example.org/notice?a=1&b=2",
        eoi_deadline=timezone.now() + datetime.timedelta(days=3),
        suits_small=True,
    )
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.other_organisation)
    member = client_for("member", p)
    answers = {
        "list": client_for("anonymous", p).get(reverse("opportunities:index")),
        "list with a bad filter": member.get(
            reverse("opportunities:index"), {"kind": "nope", "q": "<b>", "suits_small": "on"}
        ),
        "page": client_for("anonymous", p).get(detail_url(opportunity)),
        "page for a member": member.get(detail_url(opportunity)),
        "note too long": member.post(seek_url(opportunity), {"note": "x" * 1001}),
        "stale note": member.post(seek_url(opportunity), {"note": "x", "opened": "old"}),
    }
    for number, (name, response) in enumerate(answers.items()):
        assert response.status_code in (200, 400, 409), name
        (tmp_path / f"{number}.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
