"""The public community pages: news and case studies, their filters, feeds and search."""

import datetime
import re

import pytest
import wagtail_factories
from django.utils import timezone

from home.models import CaseStudyFigure, CaseStudyOrganisation
from tests.factories import CaseStudyPageFactory, NewsPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_news_index_paginates_ten_at_a_time(client, site):
    for n in range(12):
        NewsPageFactory(
            parent=site.news,
            title=f"Story {n:02d}",
            date=timezone.localdate() - datetime.timedelta(days=n),
        )
    first = client.get(site.news.url).content.decode()
    assert "12 news items" in first and "Story 00" in first and "Story 10" not in first
    second = client.get(site.news.url, {"page": 2}).content.decode()
    assert "Story 10" in second and "Story 11" in second and "Story 00" not in second
    assert client.get(site.news.url, {"page": "99"}).status_code == 200
    assert client.get(site.news.url, {"page": "nonsense"}).status_code == 200


def test_news_index_filters_by_tag_forum_cluster_and_year(client, site):
    forum = site.forum(title="Health Forum")
    cluster = site.cluster(title="Rural cluster")
    tagged = NewsPageFactory(parent=site.news, title="Energy buying scheme")
    tagged.tags.add("joint buying")
    tagged.save_revision().publish()
    NewsPageFactory(parent=site.news, title="Health Forum update", forum=forum)
    NewsPageFactory(parent=site.news, title="Rural cluster update", cluster=cluster)
    NewsPageFactory(parent=site.news, title="Old news", date=datetime.date(2024, 3, 1))

    def titles(**params):
        response = client.get(site.news.url, params)
        return {item.title for item in response.context["news"]}

    assert titles(tag="joint-buying") == {"Energy buying scheme"}
    assert titles(forum=forum.pk) == {"Health Forum update"}
    assert titles(cluster=cluster.pk) == {"Rural cluster update"}
    assert titles(year=2024) == {"Old news"}
    assert len(titles()) == 4
    assert titles(forum="not-a-number") == titles()
    # Digits Python counts as digits but int() refuses, and numbers too big for the
    # database, are ignored like any other junk, never a server error.
    for junk in ["¹", "٣", "9" * 30]:
        assert titles(forum=junk) == titles(year=junk) == titles(cluster=junk) == titles()


def test_news_page_shows_date_author_tags_and_group(client, site):
    forum = site.forum(title="Health Forum")
    image = wagtail_factories.ImageFactory()
    story = NewsPageFactory(
        parent=site.news,
        title="Clinic opens",
        author="Robin Reporter",
        date=datetime.date(2026, 5, 4),
        forum=forum,
        image=image,
        image_alt_text="People outside the new clinic",
    )
    story.tags.add("health")
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert "4 May 2026" in html and "Robin Reporter" in html
    assert 'alt="People outside the new clinic"' in html
    assert f'href="{forum.url}"' in html and "?tag=health" in html


def test_case_study_shows_organisations_testimonial_and_figures(client, site):
    cluster = site.cluster(title="Communications impact cluster", kind="impact")
    study = CaseStudyPageFactory(
        parent=site.case_studies,
        title="Sharing an HR officer",
        quote="We could never have afforded this alone.",
        quote_attribution="Sam, Riverside Befrienders",
        outcomes="<p>Staff turnover fell.</p>",
        cluster=cluster,
    )
    organisation = OrganisationFactory(name="Riverside Befrienders")
    CaseStudyOrganisation.objects.create(page=study, organisation=organisation)
    CaseStudyFigure.objects.create(page=study, figure="12", description="charities shared HR")
    html = client.get(study.url).content.decode()
    assert "We could never have afforded this alone." in html
    assert "Sam, Riverside Befrienders" in html
    assert "12</span>" in html and "charities shared HR" in html
    assert "Staff turnover fell." in html and "Riverside Befrienders" in html
    assert f'href="{cluster.url}"' in html
    listing = client.get(site.case_studies.url).content.decode()
    assert "Sharing an HR officer" in listing


def test_news_published_or_unpublished_after_a_visit_is_counted_on_the_next(client, site):
    for n in range(10):
        NewsPageFactory(parent=site.news, title=f"Story {n:02d}")
    html = client.get(site.news.url).content.decode()
    assert "10 news items" in html and 'href="?page=2"' not in html

    late = NewsPageFactory(parent=site.news, title="Late story")
    html = client.get(site.news.url).content.decode()
    assert "11 news items" in html and 'href="?page=2"' in html

    late.unpublish()
    html = client.get(site.news.url).content.decode()
    assert "10 news items" in html and 'href="?page=2"' not in html


def test_site_search_finds_news_and_forums(client, site):
    site.forum(title="Environment Forum", beneficiaries="People who care about green spaces")
    NewsPageFactory(
        parent=site.news,
        title="Oil buying scheme saves money",
        summary="Members pooled their heating oil orders.",
    )
    # Search marks the words it matched; the titles are there around the marks.
    html = client.get("/search/", {"query": "heating oil"}).content.decode()
    assert "Oil buying scheme saves money" in re.sub("</?mark>", "", html)
    html = client.get("/search/", {"query": "Environment"}).content.decode()
    assert "Environment Forum" in re.sub("</?mark>", "", html)


def test_index_and_group_pages_advertise_their_feeds(client, site):
    forum = site.forum()
    head = client.get(forum.url).content.decode().split("</head>")[0]
    assert (
        f'type="application/rss+xml" title="{forum.title}: news (RSS)" href="{forum.url}news/rss/"'
        in head
    )
    assert f'href="{forum.url}news/atom/"' in head
    ics = f'type="text/calendar" title="{forum.title}: events calendar"'
    assert f'{ics} href="{forum.url}events/ical/"' in head
    news_head = client.get(site.news.url).content.decode().split("</head>")[0]
    assert f'href="{site.news.url}feed/rss/"' in news_head
    assert f'href="{site.news.url}feed/atom/"' in news_head
    events_head = client.get(site.events.url).content.decode().split("</head>")[0]
    assert (
        f'type="text/calendar" title="Events calendar" href="{site.events.url}ical/"' in events_head
    )
    home_head = client.get("/").content.decode().split("</head>")[0]
    assert f'href="{site.news.url}feed/rss/"' in home_head
    assert f'href="{site.events.url}ical/"' in home_head


def test_news_shares_its_own_image_on_social_media(client, site):
    story = NewsPageFactory(
        parent=site.news,
        image=wagtail_factories.ImageFactory(),
        image_alt_text="Volunteers at the food bank",
    )
    head = client.get(story.url).content.decode().split("</head>")[0]
    assert '<meta property="og:type" content="article">' in head
    assert 'property="og:image" content="http://testserver/' in head
    assert '<meta property="og:image:alt" content="Volunteers at the food bank">' in head


def test_the_news_filters_keep_the_chosen_forum_selected_and_escape_titles(client, site):
    forum = site.forum(title="Arts <and> Crafts Forum")
    NewsPageFactory(parent=site.news, title="Craft fair", forum=forum)
    html = client.get(site.news.url, {"forum": forum.pk}).content.decode()
    assert f'<option value="{forum.pk}" selected>Arts &lt;and&gt; Crafts Forum</option>' in html
    assert "<and>" not in html
    html = client.get(site.news.url).content.decode()
    assert f'<option value="{forum.pk}">Arts &lt;and&gt; Crafts Forum</option>' in html
