"""Searches match word forms and the start of words: "mic" and "microphone" find "two
microphones", on the offers and needs list and in the site search, for whoever may see it."""

import re

import pytest
from django.urls import reverse

from consortium.models import Audience, Category, ListingKind, Moderation
from portal.stemming import search_terms, stems
from tests.brokerage.data import make_listing
from tests.factories import OrganisationFactory, StandardPageFactory
from tests.personas import client_for, make_personas
from tests.public.community import CommunitySite
from tests.search.test_search_everything import make_opportunity

pytestmark = pytest.mark.django_db

MICROPHONES = "Two microphones"


@pytest.fixture
def site():
    return CommunitySite()


@pytest.fixture
def personas(site):
    return make_personas()


@pytest.fixture
def microphones(personas):
    return make_listing(
        personas.organisation,
        title=MICROPHONES,
        description="With stands and cables, for concerts in the church hall.",
        kind=ListingKind.OFFER,
        category=Category.EQUIPMENT,
        audience=Audience.PUBLIC,
    )


def listed(client, words):
    """The titles the offers and needs list shows for ``words``."""
    response = client.get(reverse("listings:index"), {"q": words})
    assert response.status_code == 200
    html = response.content.decode()
    return set(re.findall(r'<h3 class="govuk-heading-s[^"]*"><a [^>]*>([^<]+)</a>', html))


def found(client, words, kind=None):
    """The text of the site search's answer for ``words``."""
    params = {"query": words}
    if kind:
        params["type"] = kind
    response = client.get("/search/", params)
    assert response.status_code == 200
    return re.sub(r"<[^>]+>", "", response.content.decode())


@pytest.mark.parametrize("words", ["microphones", "microphone", "mic", "Microphone", "MIC"])
def test_every_form_and_start_of_a_word_finds_the_microphones_on_the_list(
    client, microphones, words
):
    assert MICROPHONES in listed(client, words)


@pytest.mark.parametrize("words", ["microphones", "microphone", "mic"])
def test_every_form_and_start_of_a_word_finds_the_microphones_in_the_site_search(
    client, microphones, words
):
    assert MICROPHONES in found(client, words)
    assert MICROPHONES in found(client, words, kind="resources")


def test_volunteering_finds_a_need_for_a_volunteer_and_the_other_way_round(client, personas):
    make_listing(personas.organisation, title="Volunteer driver", audience=Audience.PUBLIC)
    make_listing(personas.organisation, title="Volunteering fair stall", audience=Audience.PUBLIC)
    assert listed(client, "volunteering") >= {"Volunteer driver", "Volunteering fair stall"}
    assert listed(client, "volunteers") >= {"Volunteer driver", "Volunteering fair stall"}
    assert "Volunteer driver" in found(client, "volunteering")


def test_charities_finds_a_charity_though_the_word_changes_its_ending(client, personas):
    make_listing(personas.organisation, title="Charity shop rail", audience=Audience.PUBLIC)
    assert "Charity shop rail" in listed(client, "charities")
    assert "Charity shop rail" in found(client, "charities")


def test_the_start_of_a_longer_word_finds_it_even_where_its_stem_is_shorter(client, personas):
    # "community" is stemmed "communiti", "volunteer" "volunt": "communit" and "voluntee" are
    # neither, but the words themselves start so.
    make_listing(personas.organisation, title="Community volunteer", audience=Audience.PUBLIC)
    assert "Community volunteer" in listed(client, "communit voluntee")


def test_two_letters_do_not_find_every_word_that_starts_with_them(client, microphones, personas):
    make_listing(personas.organisation, title="Mi and fa choir", audience=Audience.PUBLIC)
    assert listed(client, "mi") == {"Mi and fa choir"}
    assert MICROPHONES not in found(client, "mi")


def test_every_word_must_match_on_the_list_but_little_words_do_not_count(client, microphones):
    assert MICROPHONES in listed(client, "mic stands")
    assert MICROPHONES not in listed(client, "mic tripods")
    assert MICROPHONES in listed(client, "microphones for the concert")


def test_pages_organisations_and_opportunities_are_found_by_their_word_forms(client, site):
    StandardPageFactory(parent=site.home, title="Befriending lonely neighbours", slug="befriend")
    OrganisationFactory(name="Riverside Gardeners", slug="riverside-gardeners")
    make_opportunity(title="Warm homes grant", description="For heating village halls.")
    answer = found(client, "befriended")
    assert "Befriending lonely neighbours" in answer
    assert "Riverside Gardeners" in found(client, "gardening")
    assert "Warm homes grant" in found(client, "heated hall")


def test_a_members_only_offer_is_found_by_a_member_but_not_by_an_outsider(client, personas):
    make_listing(personas.organisation, title=MICROPHONES, audience=Audience.MEMBERS)
    member = client_for("other_member", personas)
    assert MICROPHONES in listed(member, "mic")
    assert MICROPHONES in found(member, "microphone")
    assert MICROPHONES not in listed(client, "mic")
    assert MICROPHONES not in found(client, "microphone")


def test_an_offer_waiting_for_approval_is_found_by_staff_but_not_by_other_members(client, personas):
    make_listing(
        personas.organisation,
        title=MICROPHONES,
        audience=Audience.PUBLIC,
        moderation=Moderation.PENDING,
    )
    other_member = client_for("other_member", personas)
    staff = client_for("staff", personas)
    for outsider in (client, other_member):
        assert MICROPHONES not in listed(outsider, "mic")
        assert MICROPHONES not in found(outsider, "microphone")
    assert MICROPHONES in listed(staff, "microphone")


def test_a_search_marks_the_words_it_matched_by_their_stem(client, personas):
    make_listing(personas.organisation, title="Volunteer driver", audience=Audience.PUBLIC)
    html = client.get("/search/", {"query": "volunteering"}).content.decode()
    assert "<mark>Volunteer</mark> driver" in html


def test_the_index_holds_the_stems_that_differ_from_the_words():
    assert stems("Two microphones for volunteers") == "microphon volunt"
    assert search_terms("the microphones") == [("microphones", "microphon")]
    assert search_terms("the") == [("the", None)]
