"""Whatever is typed into the search box, the visitor gets the normal search page."""

import pytest
from django.db import OperationalError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.backends import get_search_backend

from search import fast
from search.normalise import MAX_LENGTH, normalise
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '"venues',
    'sharing "community venues',
    '""',
    '" "',
    '"*"',
    "\x00",
    "ven\x00ues",
    "\u202eseunev",
    "venues\u200b\u2066\u2069",
    "x" * 5000,
    "venues " * 800,
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "😀",
    "👩‍👩‍👧 community 🏳️‍🌈",
    "AND OR NOT",
    "venues AND",
    "NOT",
    "*",
    "venues*",
    "(",
    ")",
    "(venues",
    "-",
    "-venues",
    ":",
    "title:venues",
    "^",
    "NEAR(a b)",
    "{}",
    "\\",
    "%",
    "_",
    "\t\n\r",
    "   ",
]


@pytest.fixture
def venues(home_page):
    return StandardPageFactory(parent=home_page, slug="venues", title="Sharing community venues")


def search(client, query):
    return client.get("/search/", {"query": query})


def assert_normal_search_page(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Search</h1>' in html
    assert 'id="search-query" name="query"' in html
    return html


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_gives_the_normal_search_page(client, venues, query):
    assert_normal_search_page(search(client, query))


@pytest.mark.parametrize("raw", ["%22", "%00", "%ED%A0%80", "%FF%FE", "%E2%80%AE%22%00"])
def test_raw_bytes_in_the_address_give_the_normal_search_page(client, venues, raw):
    assert_normal_search_page(client.get(f"/search/?query={raw}"))


def test_an_unmatched_quote_still_finds_the_page(client, venues):
    html = assert_normal_search_page(search(client, '"venues'))
    assert "1 result for" in html and 'href="/venues/"' in html


def test_a_nul_byte_is_dropped_and_the_words_still_found(client, venues):
    html = assert_normal_search_page(search(client, "ven\x00ues"))
    assert 'href="/venues/"' in html


def test_html_in_the_query_is_shown_as_text(client, venues):
    html = assert_normal_search_page(search(client, "<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_right_to_left_override_is_not_echoed_into_the_page(client, venues):
    html = assert_normal_search_page(search(client, "\u202eseunev"))
    assert "\u202e" not in html
    assert "seunev" in html


def test_a_very_long_query_is_shortened_and_the_visitor_told(client, venues):
    html = assert_normal_search_page(search(client, "venues " * 800))
    assert "Your search was too long, so we searched for the first 200 characters." in html
    assert 'href="/venues/"' in html
    assert "venues " * 40 not in html


def test_a_search_the_backend_cannot_run_gives_a_message_not_an_error(client, venues, monkeypatch):
    def fail(self):
        raise OperationalError('fts5: syntax error near "\'"')

    results_class = type(get_search_backend()).results_class
    monkeypatch.setattr(results_class, "_do_count", fail)
    monkeypatch.setattr(results_class, "_do_search", fail)
    if hasattr(results_class, "get_queryset"):  # the database backends count in one query
        monkeypatch.setattr(results_class, "get_queryset", fail)
    # PostgreSQL answers the "All" page in one statement of its own (search/fast.py).
    monkeypatch.setattr(fast, "answer", lambda *args: fail(None))
    html = assert_normal_search_page(search(client, "venues"))
    assert "We could not search for that. Try different words." in html
    assert not Query.objects.exists()


def test_ordinary_searches_count_towards_popular_queries(client, venues):
    search(client, "Venues")
    search(client, "  venues  ")
    assert Query.objects.get(query_string="venues").hits == 2


@pytest.mark.parametrize("query", ["ven\x00ues", "\u202evenues", "venues\u200b", "\x07venues"])
def test_queries_with_control_characters_are_not_counted(client, venues, query):
    html = assert_normal_search_page(search(client, query))
    assert 'href="/venues/"' in html
    assert not Query.objects.exists()


@pytest.mark.parametrize("query", ["", "   ", "\x00", '""', "\u202e"])
def test_empty_queries_are_not_counted(client, venues, query):
    assert_normal_search_page(search(client, query))
    assert not Query.objects.exists()


# Any text at all, lone surrogates included: the clean query is short, visible and balanced.
@given(st.text(alphabet=st.characters(exclude_categories=[]), max_size=2000))
def test_normalised_queries_are_always_safe_to_run(raw):
    query = normalise(raw)
    assert len(query.text) <= MAX_LENGTH
    assert query.text == query.text.strip()
    assert query.text.count('"') % 2 == 0
    assert "\x00" not in query.text and "\u202e" not in query.text
    assert all(not ("\ud800" <= c <= "\udfff") for c in query.text)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text(max_size=300))
def test_no_text_typed_into_the_search_box_gives_a_server_error(client, venues, query):
    assert_normal_search_page(search(client, query))


# The filters, the facets, the page number and the autocomplete take the same abuse.
PARAMS = ["type", "area", "category", "forum", "cluster", "page"]


@pytest.mark.parametrize("param", PARAMS)
@pytest.mark.parametrize(
    "value",
    ["\x00", "'; DROP TABLE consortium_listing; --", "<b>x</b>", "9" * 40, "-1", "¹", "０", "💥"],
)
def test_odd_filter_facet_and_page_values_give_the_normal_search_page(client, venues, param, value):
    for kind in ("pages", "organisations", "resources", "news"):
        params = {"query": "venues", "type": kind, param: value}
        assert_normal_search_page(client.get("/search/", params))


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_gives_autocomplete_a_json_answer(client, venues, query):
    response = client.get("/search/autocomplete/", {"query": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.text(max_size=100),
    kind=st.sampled_from(["", "pages", "organisations", "resources", "opportunities", "news"]),
    facet=st.sampled_from(["area", "category", "forum", "cluster", "page"]),
    value=st.text(max_size=30),
)
def test_no_filter_typed_into_the_address_gives_a_server_error(
    client, venues, query, kind, facet, value
):
    response = client.get("/search/", {"query": query, "type": kind, facet: value})
    assert_normal_search_page(response)
    assert client.get("/search/autocomplete/", {"query": query}).status_code == 200
