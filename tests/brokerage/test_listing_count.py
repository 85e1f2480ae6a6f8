"""Offers and needs: the resources list's count is kept between visits (counting a county's
listings costs more than the page of them), and is right again as soon as anything changes."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortium.models import Audience, ListingKind, ListingStatus, Moderation
from home.models import ForumMember
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user
from tests.factories import ForumIndexPageFactory, ForumPageFactory, make_site

pytestmark = pytest.mark.django_db


def heading(client, **query):
    page = client.get(reverse("listings:index"), query).content.decode()
    return int(re.search(r'aria-live="polite">(\d+) listings?', page).group(1))


def test_a_members_count_is_kept_between_visits_and_moves_when_a_listing_is_posted_or_closed(
    personas,
):
    make_listing(personas.other_organisation, title="Chairs to lend")
    member = as_user("member", personas)
    heading(member)  # the site settings row is made on the first visit
    before = heading(member)
    with CaptureQueriesContext(connection) as counted:
        assert heading(member) == before
    assert not [
        q
        for q in counted.captured_queries
        if 'FROM "consortium_listing"' in q["sql"] and "COUNT(" in q["sql"]
    ]

    listing = make_listing(personas.other_organisation, title="Tables to lend")
    assert heading(member) == before + 1
    listing.status = ListingStatus.CLOSED
    listing.save()
    assert heading(member) == before
    assert heading(member, include_closed="on") == before + 1


def test_a_listing_waiting_for_approval_is_counted_for_its_own_organisation_only(personas):
    make_listing(personas.organisation, title="Our chairs", moderation=Moderation.PENDING)
    member, other = as_user("member", personas), as_user("other_member", personas)
    assert heading(member) == 1
    assert heading(other) == 0


def test_a_group_listing_is_counted_once_the_organisations_share_a_forum(personas):
    forum = ForumPageFactory(parent=ForumIndexPageFactory(parent=make_site()))
    make_listing(personas.organisation, audience=Audience.GROUP)
    ForumMember.objects.create(page=forum, organisation=personas.organisation)
    other = as_user("other_member", personas)
    assert heading(other) == 0
    ForumMember.objects.create(page=forum, organisation=personas.other_organisation)
    assert heading(other) == 1


def test_an_offer_leaves_the_count_the_day_after_its_last_day(personas):
    make_listing(
        personas.other_organisation,
        kind=ListingKind.OFFER,
        available_until=datetime.date(2027, 5, 4),
    )
    with time_machine.travel(datetime.datetime(2027, 5, 4, 12, tzinfo=datetime.UTC)):
        assert heading(as_user("member", personas)) == 1
    with time_machine.travel(datetime.datetime(2027, 5, 5, 12, tzinfo=datetime.UTC)):
        assert heading(as_user("member", personas)) == 0


def test_every_persona_sees_a_count_equal_to_the_listings_shown_to_them(personas):
    forum = ForumPageFactory(parent=ForumIndexPageFactory(parent=make_site()))
    ForumMember.objects.create(page=forum, organisation=personas.organisation)
    ForumMember.objects.create(page=forum, organisation=personas.other_organisation)
    mine, theirs = personas.organisation, personas.other_organisation
    for owner in (mine, theirs):
        make_listing(owner, title="For everyone", audience=Audience.PUBLIC)
        make_listing(owner, title="For members", audience=Audience.MEMBERS)
        make_listing(owner, title="For our forum", audience=Audience.GROUP)
        make_listing(
            owner,
            title="For members soon",
            audience=Audience.GROUP,
            members_from=datetime.date(2020, 1, 1),
        )
        make_listing(owner, title="Waiting", moderation=Moderation.PENDING)
        make_listing(owner, title="Refused", moderation=Moderation.REJECTED)
        make_listing(owner, title="Closed", status=ListingStatus.CLOSED)
        make_listing(
            owner, title="Gone", kind=ListingKind.OFFER, available_until=datetime.date(2020, 1, 1)
        )
    for name in ("anonymous", "volunteer", "member", "other_member", "staff"):
        client = as_user(name, personas)
        for query in ({}, {"include_closed": "on"}, {"kind": "need"}):
            page = client.get(reverse("listings:index"), query).content.decode()
            shown = len(re.findall(r'<div class="shoal-listing-summary[ "]', page))
            assert heading(client, **query) == shown, (name, query)
