"""Listing pages make the same number of SQL queries whether they show 5 items or 50."""

import datetime

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import ClusterMember, ClusterNextStep, ForumConvenor, ForumMember
from tests.community import CommunitySite, add_members
from tests.factories import (
    CaseStudyPageFactory,
    EventPageFactory,
    NewsPageFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

# The most queries any listing page may make; measured 2026-11 and kept with a little room.
MAX_QUERIES = 30


@pytest.fixture
def site():
    return CommunitySite()


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site root, settings) as a real server has
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def assert_constant(client, url, grow):
    """Measure the page, add 45 more items with ``grow``, and measure again."""
    grow(5)
    few = queries_for(client, url)
    grow(45)
    many = queries_for(client, url)
    assert many == few, f"{url}: {few} queries with 5 items but {many} with 50"
    assert few <= MAX_QUERIES, f"{url}: {few} queries"


def add_news(site, count, **fields):
    image = wagtail_factories.ImageFactory()
    for _ in range(count):
        story = NewsPageFactory(parent=site.news, image=image, **fields)
        story.tags.add("funding", "volunteering")


def add_events(site, count, **fields):
    for n in range(count):
        start = timezone.now() + datetime.timedelta(days=n + 1)
        EventPageFactory(
            parent=site.events, start=start, end=start + datetime.timedelta(hours=1), **fields
        )


def test_forum_page_with_its_members_news_and_meetings(client, site):
    forum = site.forum()

    def grow(count):
        add_members(forum, ForumMember, count)
        owner = OrganisationFactory()
        for n in range(count):
            ForumConvenor.objects.create(page=forum, name=f"Convenor {n}", organisation=owner)
        add_news(site, count, forum=forum)
        add_events(site, count, forum=forum)

    assert_constant(client, forum.url, grow)


def test_cluster_page_with_members_next_steps_and_meetings(client, site):
    cluster = site.cluster()
    cluster.funds.create(name="Wellbeing Fund")

    def grow(count):
        organisations = add_members(cluster, ClusterMember, count)
        for organisation in organisations:
            ClusterNextStep.objects.create(
                page=cluster, action="Act", owner=organisation, due_date=timezone.localdate()
            )
        add_news(site, count, cluster=cluster)
        add_events(site, count, cluster=cluster)

    assert_constant(client, cluster.url, grow)


def test_forum_index(client, site):
    assert_constant(
        client, site.forums.url, lambda count: [site.forum(members=2) for _ in range(count)]
    )


def test_cluster_index(client, site):
    assert_constant(
        client, site.clusters.url, lambda count: [site.cluster(members=2) for _ in range(count)]
    )


def test_news_index(client, site):
    forum = site.forum()
    assert_constant(client, site.news.url, lambda count: add_news(site, count, forum=forum))


def test_news_index_with_a_filter(client, site):
    assert_constant(client, site.news.url + "?tag=funding", lambda count: add_news(site, count))


def test_events_index(client, site):
    def grow(count):
        add_events(site, count)
        past = timezone.now() - datetime.timedelta(days=30)
        for _ in range(count):
            EventPageFactory(parent=site.events, start=past, end=past + datetime.timedelta(hours=1))

    assert_constant(client, site.events.url, grow)


def test_case_study_index(client, site):
    assert_constant(
        client,
        site.case_studies.url,
        lambda count: CaseStudyPageFactory.create_batch(count, parent=site.case_studies),
    )


def test_home_page(client, site):
    def grow(count):
        add_news(site, count)
        add_events(site, count)

    assert_constant(client, "/", grow)
