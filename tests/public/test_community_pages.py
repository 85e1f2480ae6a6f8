"""The public community pages: forums, clusters, news, case studies and events."""

import datetime
import re

import pytest
import time_machine
import wagtail_factories
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    CaseStudyFigure,
    CaseStudyIndexPage,
    CaseStudyOrganisation,
    CaseStudyPage,
    ClusterIndexPage,
    ClusterNextStep,
    ClusterPage,
    EventIndexPage,
    EventPage,
    ForumConvenor,
    ForumIndexPage,
    ForumPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    SurveyPage,
)
from tests.factories import (
    CaseStudyPageFactory,
    EventPageFactory,
    FundFactory,
    NewsPageFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def site():
    return CommunitySite()


class PageTreeRulesTests(WagtailPageTestCase):
    """Each page type lives where a reader would look for it."""

    def test_index_pages_live_under_the_home_page(self):
        for index in (
            ForumIndexPage,
            ClusterIndexPage,
            NewsIndexPage,
            CaseStudyIndexPage,
            EventIndexPage,
        ):
            self.assertAllowedParentPageTypes(index, {HomePage})

    def test_each_index_holds_only_its_own_pages(self):
        self.assertAllowedSubpageTypes(ForumIndexPage, {ForumPage})
        self.assertAllowedSubpageTypes(ClusterIndexPage, {ClusterPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(CaseStudyIndexPage, {CaseStudyPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})

    def test_leaf_pages_have_no_children(self):
        for leaf in (ForumPage, ClusterPage, NewsPage, CaseStudyPage, EventPage, SurveyPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_surveys_live_under_home_or_standard_pages(self):
        self.assertAllowedParentPageTypes(SurveyPage, {HomePage, StandardPage})

    def test_home_page_is_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_every_page_type_routes_and_renders(self):
        site = CommunitySite()
        pages = [
            site.forums,
            site.clusters,
            site.news,
            site.case_studies,
            site.events,
            site.forum(members=2),
            site.cluster(members=2),
            NewsPageFactory(parent=site.news),
            CaseStudyPageFactory(parent=site.case_studies),
            EventPageFactory(parent=site.events),
        ]
        for page in pages:
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)


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


def test_events_index_separates_upcoming_from_past(client, site):
    EventPageFactory(parent=site.events, title="Spring webinar", kind="webinar")
    EventPageFactory(
        parent=site.events,
        title="Autumn podcast",
        kind="podcast",
        start=NOW - datetime.timedelta(days=30),
        end=NOW - datetime.timedelta(days=30, hours=-1),
    )
    response = client.get(site.events.url)
    assert [e.title for e in response.context["upcoming_events"]] == ["Spring webinar"]
    assert [e.title for e in response.context["past_events"]] == ["Autumn podcast"]


def test_events_index_pages_a_long_list_of_upcoming_events(client, site):
    for n in range(25):
        start = NOW + datetime.timedelta(days=n + 1)
        EventPageFactory(
            parent=site.events,
            title=f"Drop-in {n:02}",
            start=start,
            end=start + datetime.timedelta(hours=1),
        )
    first = client.get(site.events.url)
    assert [e.title for e in first.context["upcoming_events"]] == [
        f"Drop-in {n:02}" for n in range(20)
    ]
    html = first.content.decode()
    assert 'aria-label="Pages of upcoming events"' in html and 'href="?upcoming=2"' in html
    second = client.get(site.events.url + "?upcoming=2")
    assert [e.title for e in second.context["upcoming_events"]] == [
        f"Drop-in {n:02}" for n in range(20, 25)
    ]
    assert "Drop-in 24" in second.content.decode()


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


def _upcoming_drop_ins(site, count, first_ends_in=None):
    """``count`` one-hour drop-ins, a day apart from tomorrow; the first ends sooner if asked."""
    for n in range(count):
        start = NOW + datetime.timedelta(days=n + 1)
        end = start + datetime.timedelta(hours=1)
        if n == 0 and first_ends_in is not None:
            start, end = NOW - datetime.timedelta(hours=1), NOW + first_ends_in
        EventPageFactory(parent=site.events, title=f"Drop-in {n:02}", start=start, end=end)


def test_an_event_moves_from_upcoming_to_past_when_it_ends(client, site):
    _upcoming_drop_ins(site, 21, first_ends_in=datetime.timedelta(hours=1))
    html = client.get(site.events.url).content.decode()
    assert 'href="?upcoming=2"' in html  # 21 upcoming: a second page
    assert "No past events." in html

    with time_machine.travel(NOW + datetime.timedelta(hours=2)):
        response = client.get(site.events.url)
    html = response.content.decode()
    assert 'href="?upcoming=2"' not in html  # 20 upcoming: one page
    assert len(response.context["upcoming_events"]) == 20
    assert [e.title for e in response.context["past_events"]] == ["Drop-in 00"]


def test_an_event_published_after_a_visit_is_counted_on_the_next(client, site):
    _upcoming_drop_ins(site, 20)
    assert 'href="?upcoming=2"' not in client.get(site.events.url).content.decode()
    start = NOW + datetime.timedelta(days=30)
    EventPageFactory(
        parent=site.events,
        title="Late addition",
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    html = client.get(site.events.url).content.decode()
    assert 'href="?upcoming=2"' in html
    assert "Late addition" in client.get(site.events.url, {"upcoming": 2}).content.decode()


def test_event_times_are_shown_in_uk_time(client, site):
    summer = datetime.datetime(2027, 7, 1, 9, 0, tzinfo=datetime.UTC)  # 10am BST
    event = EventPageFactory(
        parent=site.events, start=summer, end=summer + datetime.timedelta(hours=1, minutes=30)
    )
    html = client.get(event.url).content.decode()
    assert "Thursday 1 July 2027, 10am</time> to <time" in html
    assert ">11:30am</time>" in html
    assert 'datetime="2027-07-01T10:00:00+01:00"' in html


def test_times_follow_the_govuk_style():
    from home.templatetags.shoal_tags import govuk_time

    london = datetime.datetime(2027, 1, 5, 17, 30, tzinfo=datetime.UTC)  # GMT in winter
    assert govuk_time(london) == "5:30pm"
    assert govuk_time(london.replace(hour=12, minute=0)) == "midday"
    assert govuk_time(london.replace(hour=0, minute=0)) == "midnight"
    assert govuk_time(london.replace(hour=9, minute=0)) == "9am"


def test_join_link_is_only_for_signed_in_members(client, site):
    event = EventPageFactory(parent=site.events, join_link="https://meet.example/secret-room")
    anonymous = client.get(event.url).content.decode()
    assert "secret-room" not in anonymous
    assert "Sign in to see the joining link" in anonymous
    client.force_login(UserFactory())
    assert 'href="https://meet.example/secret-room"' in client.get(event.url).content.decode()


def test_recording_is_embedded_only_after_the_event(client, site):
    recording = "https://video.example/recordings/7"
    Embed.objects.create(
        url=recording,
        hash=get_embed_hash(recording),
        type="video",
        html='<iframe title="Recording" src="https://video.example/e/7"></iframe>',
    )
    upcoming = EventPageFactory(parent=site.events, recording_url=recording)
    past = EventPageFactory(
        parent=site.events,
        recording_url=recording,
        start=NOW - datetime.timedelta(days=2),
        end=NOW - datetime.timedelta(days=2, hours=-1),
    )
    assert "video.example/e/7" not in client.get(upcoming.url).content.decode()
    assert 'src="https://video.example/e/7"' in client.get(past.url).content.decode()


def test_a_past_event_says_it_has_ended_and_offers_the_recording_not_the_calendar(client, site):
    past = EventPageFactory(
        parent=site.events,
        recording_url="https://video.example/recordings/8",
        start=NOW - datetime.timedelta(days=2),
        end=NOW - datetime.timedelta(days=2, hours=-1),
    )
    html = client.get(past.url).content.decode()
    assert "This event has ended" in html
    assert "Add to your calendar" not in html
    assert 'href="https://video.example/recordings/8"' in html


def test_an_upcoming_event_offers_add_to_your_calendar(client, site):
    upcoming = EventPageFactory(
        parent=site.events, recording_url="https://video.example/recordings/9"
    )
    html = client.get(upcoming.url).content.decode()
    assert "Add to your calendar" in html and f'href="{upcoming.url}ical/"' in html
    assert "This event has ended" not in html
    assert "video.example/recordings/9" not in html


def test_event_must_end_after_it_starts_and_venue_is_needed_face_to_face(site):
    event = EventPage(
        title="Bad",
        slug="bad",
        summary="x",
        start=NOW,
        end=NOW - datetime.timedelta(hours=1),
        meeting_format="face-to-face",
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "The end must be after the start" in str(error.value)
    assert "venue" in error.value.message_dict


def test_sitemap_lists_every_public_page_type(client, site):
    pages = [
        site.forum(),
        site.cluster(),
        NewsPageFactory(parent=site.news),
        CaseStudyPageFactory(parent=site.case_studies),
        EventPageFactory(parent=site.events),
    ]
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in pages + [site.forums, site.clusters, site.news, site.case_studies, site.events]:
        assert f"{page.url}</loc>" in sitemap


def test_no_page_type_changes_its_sitemap_entry():
    """portal/sitemaps.py reads pages generically, which is only right while this holds."""
    from wagtail.models import Page, get_page_models

    assert [
        model.__name__
        for model in get_page_models()
        if model.get_sitemap_urls is not Page.get_sitemap_urls
    ] == []


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


def test_every_page_type_renders_its_streamfield_body(client, site):
    from tests.factories import SurveyPageFactory

    body = [("heading", {"text": "A heading from the block library", "level": "h2"})]
    pages = [
        site.forums,
        site.clusters,
        site.news,
        site.case_studies,
        site.events,
        site.forum(),
        site.cluster(),
        NewsPageFactory(parent=site.news),
        CaseStudyPageFactory(parent=site.case_studies),
        EventPageFactory(parent=site.events),
        SurveyPageFactory(parent=site.home),
    ]
    for page in pages:
        page.body = body
        page.save_revision().publish()
        html = client.get(page.url).content.decode()
        assert "A heading from the block library</h2>" in html, type(page).__name__


def test_a_page_with_only_a_summary_shows_it_in_listings_and_its_meta_description(client, site):
    forum = site.forum(title="Rural Forum", summary="Village groups sharing transport.")
    listing = client.get(site.forums.url).content.decode()
    assert "Village groups sharing transport." in listing
    head = client.get(forum.url).content.decode().split("</head>")[0]
    assert '<meta name="description" content="Village groups sharing transport.">' in head
    assert '<meta property="og:description" content="Village groups sharing transport.">' in head
    results = client.get("/search/", {"query": "Rural Forum"}).content.decode()
    assert "Village groups sharing transport." in results


def test_the_news_filters_keep_the_chosen_forum_selected_and_escape_titles(client, site):
    forum = site.forum(title="Arts <and> Crafts Forum")
    NewsPageFactory(parent=site.news, title="Craft fair", forum=forum)
    html = client.get(site.news.url, {"forum": forum.pk}).content.decode()
    assert f'<option value="{forum.pk}" selected>Arts &lt;and&gt; Crafts Forum</option>' in html
    assert "<and>" not in html
    html = client.get(site.news.url).content.decode()
    assert f'<option value="{forum.pk}">Arts &lt;and&gt; Crafts Forum</option>' in html


def test_an_event_over_two_days_shows_both_dates_in_lists_and_on_its_page(client, site):
    start = datetime.datetime(2027, 7, 2, 9, 0, tzinfo=datetime.UTC)  # Friday, 10am BST
    event = EventPageFactory(
        parent=site.events, start=start, end=start + datetime.timedelta(days=1, hours=6)
    )
    expected = (
        '<time datetime="2027-07-02T10:00:00+01:00">Friday 2 July 2027, 10am</time> to '
        '<time datetime="2027-07-03T16:00:00+01:00">Saturday 3 July 2027, 4pm</time>'
    )
    assert expected in client.get(event.url).content.decode()
    assert expected in client.get(site.events.url).content.decode()
