"""A forum's or cluster's members, news, next steps and funds are the same for every visitor
until something is published or changed: they are kept in the process (``portal.repeated``)
and read afresh after any change. A preview shows the page as edited, never the kept copy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import ClusterMember, ClusterNextStep
from tests.factories import NewsPageFactory, OrganisationFactory
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site = CommunitySite()
        cluster = site.cluster(members=2, title="Warm homes cluster")
        site.news_item = NewsPageFactory(
            parent=site.news, title="Draught-proofing day", cluster=cluster
        )
        ClusterNextStep.objects.create(page=cluster, action="Book the hall", sort_order=0)
    return cluster


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


def test_a_second_visit_reads_no_members_news_or_next_steps(client, cluster):
    first, _ = tables_read(client, cluster.url)
    again, sql = tables_read(client, cluster.url)
    for shown in ("Draught-proofing day", "Book the hall", "2 organisations"):
        assert shown in first and shown in again
    for table in ("home_clustermember", "home_newspage", "home_clusternextstep"):
        assert table not in sql


def test_news_members_and_steps_added_later_show_at_the_next_visit(
    client, cluster, django_capture_on_commit_callbacks
):
    site_news = cluster.get_parent().get_parent().get_children().get(slug="news")
    tables_read(client, cluster.url)
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=site_news, title="Boiler grants open", cluster=cluster)
        ClusterMember.objects.create(
            page=cluster, organisation=OrganisationFactory(name="Hearth Trust"), sort_order=5
        )
        ClusterNextStep.objects.create(page=cluster, action="Print the leaflet", sort_order=1)
    page, _ = tables_read(client, cluster.url)
    for shown in ("Boiler grants open", "Hearth Trust", "3 organisations", "Print the leaflet"):
        assert shown in page


def test_a_preview_shows_the_members_as_edited_not_the_kept_ones(client, cluster):
    tables_read(client, cluster.url)  # kept
    cluster.member_links.add(
        ClusterMember(organisation=OrganisationFactory(name="Unsaved Allies"), sort_order=9)
    )
    preview = cluster.make_preview_request(None, cluster.default_preview_mode)
    assert "Unsaved Allies" in preview.render().content.decode()
    live, _ = tables_read(client, cluster.url)
    assert "Unsaved Allies" not in live
