"""The "All" search page, which PostgreSQL answers in one statement (search/fast.py).

These run on both databases; on PostgreSQL they are what keeps the one-statement answer as
careful as the searches of each kind: nothing private reaches the wrong visitor, in a
result or in a count, and word forms and the starts of words are still found.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from consortium.models import Area, Audience, Moderation, Opportunity
from search import views
from tests.brokerage.data import make_listing
from tests.factories import NewsPageFactory, OrganisationFactory, StandardPageFactory
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def whole_groups(monkeypatch):
    """Show every match in each group, so a test sees all that a visitor is shown."""
    for key in views.GROUP_SIZE:
        monkeypatch.setitem(views.GROUP_SIZE, key, 10)


def groups_of(context):
    return context["groups"]


def everything_found(client, query):
    """{group label: set of titles}, and {kind: count}, from the All page."""
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    context = response.context
    groups = {
        group["label"]: {item.title for item in group["items"]} for group in context["groups"]
    }
    return groups, context["counts"]


def make_opportunity(title, is_published=True):
    return Opportunity.objects.create(
        title=title,
        kind="grant",
        funder="County Fund",
        description="",
        deadline=timezone.now() + datetime.timedelta(days=30),
        area=Area.NORTH,
        is_published=is_published,
    )


@pytest.fixture
def zeppelins(site, personas):
    """Things about zeppelins: some for everyone, some for members, some for nobody public."""
    owner = personas.other_organisation
    make_listing(owner, title="Public zeppelin to lend", audience=Audience.PUBLIC)
    make_listing(owner, title="Members zeppelin to lend", audience=Audience.MEMBERS)
    make_listing(owner, title="Group zeppelin to lend", audience=Audience.GROUP)
    make_listing(
        owner, title="Unapproved zeppelin", audience=Audience.PUBLIC, moderation=Moderation.PENDING
    )
    OrganisationFactory(name="Open Zeppelin Club", is_public=True)
    OrganisationFactory(name="Private Zeppelin Club", is_public=False)
    make_opportunity("Zeppelin fund")
    make_opportunity("Zeppelin fund draft", is_published=False)
    StandardPageFactory(parent=site.home, title="Zeppelin history", slug="zeppelin-history")
    draft = StandardPageFactory(parent=site.home, title="Zeppelin draft page", slug="zd")
    draft.unpublish()
    hidden = StandardPageFactory(parent=site.home, title="Zeppelin members page", slug="zm")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")


EVERYONE_SEES = {
    "Pages": {"Zeppelin history"},
    "Organisations": {"Open Zeppelin Club"},
    "Offers and needs": {"Public zeppelin to lend"},
    "Funding opportunities": {"Zeppelin fund"},
}


def test_a_visitor_sees_on_the_all_page_only_public_things_and_counts_only_those(
    zeppelins, personas
):
    groups, counts = everything_found(client_for("anonymous", personas), "zeppelin")
    assert groups == EVERYONE_SEES
    assert (counts["pages"], counts["organisations"], counts["resources"]) == (1, 1, 1)
    assert counts["opportunities"] == 1


def test_a_member_also_sees_members_offers_and_private_profiles_but_no_drafts(zeppelins, personas):
    groups, counts = everything_found(client_for("member", personas), "zeppelin")
    assert groups["Offers and needs"] == {"Public zeppelin to lend", "Members zeppelin to lend"}
    assert groups["Organisations"] == {"Open Zeppelin Club", "Private Zeppelin Club"}
    assert groups["Funding opportunities"] == {"Zeppelin fund"}
    assert groups["Pages"] == {"Zeppelin history"}
    assert counts["resources"] == 2 and counts["opportunities"] == 1


def test_the_owners_member_sees_everything_its_organisation_posted(zeppelins, personas):
    groups, counts = everything_found(client_for("other_member", personas), "zeppelin")
    assert len(groups["Offers and needs"]) == counts["resources"] == 4


def test_staff_see_unpublished_opportunities_but_never_unpublished_or_restricted_pages(
    zeppelins, personas
):
    groups, counts = everything_found(client_for("staff", personas), "zeppelin")
    assert groups["Funding opportunities"] == {"Zeppelin fund", "Zeppelin fund draft"}
    assert groups["Pages"] == {"Zeppelin history"} and counts["pages"] == 1


def test_an_answer_kept_for_a_member_is_not_shown_to_a_visitor(zeppelins, personas):
    everything_found(client_for("member", personas), "zeppelin")
    groups, counts = everything_found(client_for("anonymous", personas), "zeppelin")
    assert groups == EVERYONE_SEES and counts["resources"] == 1


@pytest.mark.parametrize("query", ["microphones", "microphone", "mic", "MICRO"])
def test_the_all_page_finds_word_forms_and_the_starts_of_words(site, personas, query):
    make_listing(personas.other_organisation, title="Two microphones", audience=Audience.PUBLIC)
    groups, counts = everything_found(client_for("anonymous", personas), query)
    assert groups.get("Offers and needs") == {"Two microphones"}


def test_the_all_page_finds_a_page_by_another_form_of_its_words(site, personas):
    NewsPageFactory(parent=site.news, title="Volunteer drivers wanted")
    groups, counts = everything_found(client_for("anonymous", personas), "volunteering drivers")
    assert groups.get("Pages") == {"Volunteer drivers wanted"} and counts["news"] == 1


def test_two_letters_find_only_that_word_not_every_word_they_start(site, personas):
    make_listing(personas.other_organisation, title="Two microphones", audience=Audience.PUBLIC)
    groups, _ = everything_found(client_for("anonymous", personas), "mi")
    assert "Offers and needs" not in groups


# The one-statement answer (search/fast.py) exists only on PostgreSQL; `make test-postgres`
# (part of CI) runs this test, and on SQLite the page goes through Wagtail's backend instead.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement answer")
def test_on_postgresql_the_all_page_matches_the_words_against_the_index_once(zeppelins, personas):
    client = client_for("member", personas)
    client.get("/search/", {"query": "warm-up"})
    with CaptureQueriesContext(connection) as queries:
        everything_found(client, "zeppelin lend")
    searches = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
    assert len(searches) == 1


def suggested(client, query):
    response = client.get("/search/autocomplete/", {"query": query})
    assert response.status_code == 200
    return {(item["kind"], item["title"]) for item in response.json()["results"]}


def test_autocomplete_suggests_to_each_visitor_only_what_they_may_see(zeppelins, personas):
    everyone = {
        ("Page", "Zeppelin history"),
        ("Organisation", "Open Zeppelin Club"),
        ("Need", "Public zeppelin to lend"),
        ("Grant", "Zeppelin fund"),
    }
    assert suggested(client_for("anonymous", personas), "zepp") == everyone
    member = suggested(client_for("member", personas), "zepp")
    assert member == everyone | {
        ("Organisation", "Private Zeppelin Club"),
        ("Need", "Members zeppelin to lend"),
    }
    staff = suggested(client_for("staff", personas), "zeppelin")
    assert ("Grant", "Zeppelin fund draft") in staff
    assert ("Page", "Zeppelin members page") not in staff
    assert ("Page", "Zeppelin draft page") not in staff


def test_autocomplete_takes_the_last_word_as_the_start_of_a_word(zeppelins, personas):
    anonymous = client_for("anonymous", personas)
    assert suggested(anonymous, "zeppelin le") == {("Need", "Public zeppelin to lend")}
    assert suggested(anonymous, "le zeppelin") == set()


def test_a_page_made_private_leaves_the_search_and_the_suggestions_at_once(site, personas):
    page = StandardPageFactory(parent=site.home, title="Airship hangar", slug="hangar")
    anonymous = client_for("anonymous", personas)
    assert everything_found(anonymous, "airship")[0] == {"Pages": {"Airship hangar"}}
    assert suggested(anonymous, "airsh") == {("Page", "Airship hangar")}
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert everything_found(anonymous, "airship")[0] == {}
    assert suggested(anonymous, "airsh") == set()


# PostgreSQL only, as above: `make test-postgres` (part of CI) runs it; SQLite and
# Elasticsearch go through Wagtail's backend, which the other tests here cover.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement answer")
def test_on_postgresql_the_all_page_shows_its_results_without_reading_them_again(
    zeppelins, personas
):
    client = client_for("anonymous", personas)
    client.get("/search/", {"query": "zeppelin history"})  # the site's addresses, read once
    with CaptureQueriesContext(connection) as queries:
        groups, _ = everything_found(client, "zeppelin")
    assert groups == EVERYONE_SEES
    # Besides the search itself only the count of what people search for is written.
    statements = [q["sql"] for q in queries.captured_queries]
    reads = [
        sql for sql in statements if sql.startswith(("SELECT", "WITH")) and "INSERT" not in sql
    ]
    assert len(reads) == 1 and "@@" in reads[0]


# PostgreSQL only, as above: `make test-postgres` (part of CI) runs it; SQLite and
# Elasticsearch go through Wagtail's backend, which the other tests here cover.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement answer")
def test_on_postgresql_autocomplete_is_one_statement_for_every_kind(zeppelins, personas):
    client = client_for("member", personas)
    client.get("/search/autocomplete/", {"query": "warm"})
    with CaptureQueriesContext(connection) as queries:
        assert len(suggested(client, "zepp")) == 6
    searches = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
    assert len(searches) == 1


def test_a_search_page_is_kept_whole_only_once_it_is_asked_a_second_time(
    settings, zeppelins, personas
):
    settings.PAGE_CACHE = True
    anonymous = client_for("anonymous", personas)
    statuses = [
        anonymous.get("/search/", {"query": "zeppelin"}).get("X-Page-Cache") for _ in range(3)
    ]
    assert statuses == [None, "miss", "hit"]
    another = anonymous.get("/search/", {"query": "zeppelin fund"})
    assert another.status_code == 200 and another.get("X-Page-Cache") is None


def test_a_search_reads_the_sites_root_paths_once_not_once_a_page(site, personas, monkeypatch):
    """Every page's address needs the sites' root paths (a read of the cache each time): a
    search reads them once, kept on the request as for ``{% pageurl %}``, on the All page,
    on a tab of pages and in the suggestions, and the addresses are the pages' own."""
    pages = [
        StandardPageFactory(parent=site.home, title=f"Balloon flight {n}", slug=f"balloon-{n}")
        for n in range(4)
    ]
    addresses = {(page.title, page.url) for page in pages}
    reads = []
    read = Site.get_site_root_paths
    monkeypatch.setattr(
        Site, "get_site_root_paths", staticmethod(lambda: reads.append(1) or read())
    )
    anonymous = client_for("anonymous", personas)
    response = anonymous.get("/search/", {"query": "balloon"})
    [group] = response.context["groups"]
    assert {(item.title, item.url) for item in group["items"]} == addresses
    assert len(reads) == 1
    reads.clear()
    response = anonymous.get("/search/", {"query": "balloon", "type": "pages"})
    assert {(item.title, item.url) for item in response.context["results"]} == addresses
    assert len(reads) == 1
    reads.clear()
    found = anonymous.get("/search/autocomplete/", {"query": "ballo"}).json()["results"]
    assert {(item["title"], item["url"]) for item in found} == addresses
    assert len(reads) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_a_search_opens_none_and_a_failure_spoils_nothing(
    site, personas, monkeypatch
):
    """In production each statement commits on its own (no ``ATOMIC_REQUESTS``): a search
    opens no transaction of its own (BEGIN and COMMIT would be two more round trips), and a
    search the database refuses says so without spoiling the statements after it."""
    StandardPageFactory(parent=site.home, title="Airship hangar", slug="hangar")
    anonymous = client_for("anonymous", personas)
    # Counting the search is another matter: away from PostgreSQL, Wagtail's way takes
    # transactions of its own.
    monkeypatch.setattr(views.hits, "add_hit", lambda text: None)
    with CaptureQueriesContext(connection) as queries:
        assert everything_found(anonymous, "airship")[0] == {"Pages": {"Airship hangar"}}
        assert suggested(anonymous, "airsh") == {("Page", "Airship hangar")}
    statements = [q["sql"].upper() for q in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith(("BEGIN", "COMMIT", "SAVEPOINT"))]

    def refused(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM no_such_table")

    with monkeypatch.context() as patched:
        patched.setattr(views, "_run", refused)
        response = anonymous.get("/search/", {"query": "hangar"})
    assert response.status_code == 200 and response.context["search_failed"]
    assert everything_found(anonymous, "hangar")[0] == {"Pages": {"Airship hangar"}}
