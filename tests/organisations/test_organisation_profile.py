"""Organisations: the profile page, responsiveness, and the queries of the directory and
profile as data grows."""

import datetime

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consortium.brokerage.responsiveness import responsiveness
from consortium.models import (
    Audience,
    ListingKind,
    Match,
    MatchStatus,
    Moderation,
    Organisation,
    Reply,
    ReplyStatus,
    Theme,
)
from home.models import ClusterMember, ForumMember
from tests.organisations.helpers import listing, url
from tests.personas import client_for

pytestmark = pytest.mark.django_db


# --- the profile -----------------------------------------------------------------------------


def test_profile_shows_the_details_a_partner_checks(client, site, p):
    organisation = p.organisation
    organisation.description = "We run a food bank."
    organisation.locality = "Fernlea"
    organisation.website = "https://fernlea.example"
    organisation.verified_on = datetime.date(2025, 1, 2)
    organisation.save()
    organisation.themes.add(Theme.objects.create(name="Food poverty", slug="food"))
    ForumMember.objects.create(page=site.forum(title="Food Forum"), organisation=organisation)
    ClusterMember.objects.create(
        page=site.cluster(title="North Cluster"), organisation=organisation
    )
    html = client.get(url("profile", organisation)).content.decode()
    for text in (
        "We run a food bank.",
        "Registered charity",
        "GB-CHC-1090095",
        "1090095",
        "SW1A 1AA",
        "https://fernlea.example",
        "Food poverty",
        "Food Forum",
        "North Cluster",
        "Verified on 2 January 2025",
        f"Last updated {timezone.localdate():%-d %B %Y}",
    ):
        assert text in html, text


def test_profile_never_confuses_last_updated_with_verified(client, p):
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "Not verified yet" in html
    assert "Verified on" not in html
    assert "Last updated" in html


def test_profile_lists_only_the_offers_and_needs_the_visitor_may_see(client, p):
    listing(p.organisation, "Folding tables")
    listing(p.organisation, "Van driver", kind=ListingKind.NEED)
    listing(p.organisation, "Members-only minibus", audience=Audience.MEMBERS)
    listing(p.organisation, "Closed chairs", status="closed")
    listing(p.organisation, "Unapproved urn", moderation=Moderation.PENDING)
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "Folding tables" in html and "Van driver" in html
    assert "Members-only minibus" not in html
    assert "Closed chairs" not in html and "Unapproved urn" not in html
    member_html = client_for("other_member", p).get(url("profile", p.organisation))
    assert "Members-only minibus" in member_html.content.decode()


def answered_reply(offer, user, waited, status=ReplyStatus.ACCEPTED):
    reply = Reply.objects.create(listing=offer, user=user, message="Yes please", status=status)
    created = timezone.now() - datetime.timedelta(days=10)
    Reply.objects.filter(pk=reply.pk).update(created_at=created, answered_at=created + waited)
    return reply


def test_responsiveness_is_the_median_wait_and_the_share_of_matches_completed(p):
    offer = listing(p.organisation, "Gazebo")
    hours = datetime.timedelta(hours=1)
    replies = [
        answered_reply(offer, p.other_member, waited)
        for waited in (2 * hours, 5 * hours, 30 * hours)
    ]
    Reply.objects.create(listing=offer, user=p.volunteer, message="Still waiting")
    for reply, status in zip(
        replies, [MatchStatus.COMPLETED, MatchStatus.COMPLETED, MatchStatus.NO_SHOW], strict=True
    ):
        Match.objects.create(reply=reply, listing=offer, status=status)
    other_offer = listing(p.organisation, "Urn")
    Match.objects.create(
        reply=Reply.objects.create(listing=other_offer, user=p.volunteer, message="Me"),
        listing=other_offer,
        status=MatchStatus.AGREED,
    )
    figures = responsiveness(p.organisation)
    assert figures.median_first_reply == 5 * hours
    assert figures.answered == 3
    assert (figures.matches_completed, figures.matches_finished) == (2, 3)
    assert figures.completed_share == 67


def test_responsiveness_of_a_new_organisation_says_there_is_nothing_yet(client, p):
    figures = responsiveness(p.organisation)
    assert figures.median_first_reply is None and figures.completed_share is None
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "No replies answered yet" in html and "No finished matches yet" in html


def test_profile_shows_responsiveness_in_plain_words(client, p):
    offer = listing(p.organisation, "Gazebo")
    reply = answered_reply(offer, p.other_member, datetime.timedelta(hours=3))
    Match.objects.create(reply=reply, listing=offer, status=MatchStatus.COMPLETED)
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "3 hours (the median over 1 answered reply)" in html
    assert "100% (1 of 1 finished match)" in html


def test_responsiveness_costs_two_queries_however_many_replies(p, django_assert_num_queries):
    offer = listing(p.organisation, "Gazebo")
    for _ in range(20):
        answered_reply(offer, p.other_member, datetime.timedelta(hours=2))
    with django_assert_num_queries(2):
        responsiveness(p.organisation)


# --- query counts ------------------------------------------------------------------------------


def page_queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context)


def grow(p, site, count, start):
    forum = site.forum(title=f"Forum {start}")
    theme = Theme.objects.create(name=f"Theme {start}", slug=f"theme-{start}")
    for n in range(start, start + count):
        organisation = Organisation.objects.create(
            name=f"Group {n:03}", charity_number=f"{1000000 + n}", verified_on="2026-01-01"
        )
        organisation.themes.add(theme)
        ForumMember.objects.create(page=forum, organisation=organisation)
        ForumMember.objects.create(page=site.forum(title=f"F {n}"), organisation=p.organisation)
        p.organisation.themes.add(Theme.objects.create(name=f"T {n}", slug=f"t-{n}"))
        offer = listing(p.organisation, f"Offer {n}")
        listing(p.organisation, f"Need {n}", kind=ListingKind.NEED)
        reply = answered_reply(offer, p.other_member, datetime.timedelta(hours=n))
        Match.objects.create(reply=reply, listing=offer, status=MatchStatus.COMPLETED)


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_directory_and_profile_queries_stay_constant_as_data_grows(
    site, p, persona, django_assert_max_num_queries
):
    client = client_for(persona, p)
    p.organisation.logo = wagtail_factories.ImageFactory()
    p.organisation.save()
    grow(p, site, 3, 0)
    pages = [url("directory"), url("profile", p.organisation)]
    few = [page_queries(client, page) for page in pages]
    grow(p, site, 30, 100)
    many = [page_queries(client, page) for page in pages]
    assert many == few
    with django_assert_max_num_queries(30):
        client.get(url("directory") + "?q=Group&area=countywide")
    with django_assert_max_num_queries(30):
        client.get(url("profile", p.organisation))
