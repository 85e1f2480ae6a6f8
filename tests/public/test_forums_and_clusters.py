"""The public community pages: forums and clusters."""

import datetime

import pytest
from django.utils import timezone

from home.models import ClusterNextStep, ForumConvenor
from tests.factories import EventPageFactory, FundFactory, NewsPageFactory, OrganisationFactory
from tests.public.community import NOW

pytestmark = pytest.mark.django_db


def test_forum_page_shows_theme_convenors_members_news_and_upcoming_meetings(client, site):
    convenor_org = OrganisationFactory(name="Hillside Age Concern")
    forum = site.forum(members=3, title="Older People's Forum", theme="Older people")
    ForumConvenor.objects.create(
        page=forum,
        name="Pat Convenor",
        role="Chair",
        organisation=convenor_org,
        email="pat@hillside.example",
    )
    NewsPageFactory(parent=site.news, title="Forum meets the council", forum=forum)
    NewsPageFactory(parent=site.news, title="Unrelated story")
    EventPageFactory(parent=site.events, title="Winter planning meeting", forum=forum)
    EventPageFactory(
        parent=site.events,
        title="Last year's meeting",
        forum=forum,
        start=NOW - datetime.timedelta(days=400),
        end=NOW - datetime.timedelta(days=400, hours=-2),
    )
    html = client.get(forum.url).content.decode()
    assert "Older people" in html
    assert "Pat Convenor" in html and "mailto:pat@hillside.example" in html
    assert "3 organisations" in html
    for link in forum.member_links.all():
        assert link.organisation.name in html
    assert "Forum meets the council" in html and "Unrelated story" not in html
    assert "Winter planning meeting" in html and "Last year&#x27;s meeting" not in html


def test_forum_index_lists_forums_with_member_counts(client, site):
    site.forum(members=4, title="Health Forum")
    site.forum(members=1, title="Arts Forum")
    html = client.get(site.forums.url).content.decode()
    assert "2 forums" in html
    assert "4 member organisations" in html and "1 member organisation<" in html


def test_cluster_page_shows_funds_open_next_steps_and_outcomes(client, site):
    owner = OrganisationFactory(name="Northside Refugee Welcome")
    cluster = site.cluster(
        members=2,
        title="Refugee mini-cluster",
        kind="mini",
        facilitator="Jo Facilitator",
        meeting_pattern="Bi-monthly",
        meeting_format="hybrid",
        outcomes="<p>37 organisations responded.</p>",
    )
    cluster.funds.set([FundFactory(name="Wellbeing Fund"), FundFactory(name="Safer Lives Fund")])
    cluster.save()
    ClusterNextStep.objects.create(
        page=cluster, action="Share volunteer handbook", owner=owner, due_date=timezone.localdate()
    )
    ClusterNextStep.objects.create(
        page=cluster,
        action="Write a joint housing briefing",
        owner=owner,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    ClusterNextStep.objects.create(page=cluster, action="Book the first meeting", done=True)
    html = client.get(cluster.url).content.decode()
    assert "Mini-cluster" in html and "Bi-monthly, hybrid" in html
    assert "Wellbeing Fund" in html and "Safer Lives Fund" in html
    assert "Jo Facilitator" in html
    assert "Share volunteer handbook" in html and "Northside Refugee Welcome" in html
    assert "Overdue" in html  # the housing briefing is three days late
    assert "Book the first meeting" not in html and "1 step already done" in html
    assert "37 organisations responded." in html


def test_cluster_index_groups_clusters_by_kind(client, site):
    site.cluster(title="SWiM HR cluster", kind="resource")
    site.cluster(title="Rural micro-cluster", kind="micro")
    html = client.get(site.clusters.url).content.decode()
    assert "Resource clusters" in html and "Micro-clusters" in html
    assert "Impact clusters" not in html


def test_a_page_with_only_a_summary_shows_it_in_listings_and_its_meta_description(client, site):
    forum = site.forum(title="Rural Forum", summary="Village groups sharing transport.")
    listing = client.get(site.forums.url).content.decode()
    assert "Village groups sharing transport." in listing
    head = client.get(forum.url).content.decode().split("</head>")[0]
    assert '<meta name="description" content="Village groups sharing transport.">' in head
    assert '<meta property="og:description" content="Village groups sharing transport.">' in head
    results = client.get("/search/", {"query": "Rural Forum"}).content.decode()
    assert "Village groups sharing transport." in results
