"""News feeds (RSS, Atom) and iCalendar feeds, read back with feedparser and icalendar."""

import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import EventPageFactory, NewsPageFactory
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def site():
    return CommunitySite()


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


def test_site_wide_rss_feed_lists_published_news_newest_first(client, site):
    old = NewsPageFactory(parent=site.news, title="Old story", date=datetime.date(2025, 1, 2))
    new = NewsPageFactory(
        parent=site.news,
        title="New story",
        summary="Fresh news.",
        author="Robin Reporter",
        date=datetime.date(2026, 3, 4),
    )
    new.tags.add("funding")
    new.save_revision().publish()
    draft = NewsPageFactory(parent=site.news, title="Draft story")
    draft.unpublish()
    response, feed = read_feed(client, site.news.url + "feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20" and not feed.bozo
    assert [entry.title for entry in feed.entries] == ["New story", "Old story"]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{new.url}"
    assert entry.summary == "Fresh news."
    assert [tag.term for tag in entry.tags] == ["funding"]
    assert entry.id == f"urn:uuid:{new.translation_key}"
    assert entry.published_parsed[:3] == (2026, 3, 4)
    assert old.title in {e.title for e in feed.entries}


def test_site_wide_atom_feed_parses(client, site):
    NewsPageFactory(parent=site.news, title="Atom story", author="Ali Author")
    response, feed = read_feed(client, site.news.url + "feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10" and not feed.bozo
    assert feed.entries[0].title == "Atom story"
    assert feed.entries[0].author == "Ali Author"


def test_forum_and_cluster_feeds_hold_only_their_own_news(client, site):
    forum = site.forum(title="Health Forum")
    cluster = site.cluster(title="Rural cluster")
    NewsPageFactory(parent=site.news, title="Forum story", forum=forum)
    NewsPageFactory(parent=site.news, title="Cluster story", cluster=cluster)
    NewsPageFactory(parent=site.news, title="Everyone's story")
    _, forum_feed = read_feed(client, forum.url + "news/rss/")
    assert [e.title for e in forum_feed.entries] == ["Forum story"]
    assert forum_feed.feed.title == "Shoal: Health Forum news"
    _, cluster_feed = read_feed(client, cluster.url + "news/atom/")
    assert [e.title for e in cluster_feed.entries] == ["Cluster story"]


def test_a_feed_reader_lists_the_news_feed_as_the_sites_news(client, site):
    NewsPageFactory(parent=site.news, title="Story")
    _, rss = read_feed(client, site.news.url + "feed/rss/")
    assert rss.feed.title == "Shoal news"
    _, atom = read_feed(client, site.news.url + "feed/atom/")
    assert atom.feed.title == "Shoal news"


def test_the_news_feed_takes_the_organisation_name_from_site_settings(client, site):
    from wagtail.models import Site

    from home.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Northshire Voluntary Action"
    settings.save()
    _, rss = read_feed(client, site.news.url + "feed/rss/")
    assert rss.feed.title == "Northshire Voluntary Action news"
    forum = site.forum(title="Youth Forum")
    _, forum_feed = read_feed(client, forum.url + "news/rss/")
    assert forum_feed.feed.title == "Northshire Voluntary Action: Youth Forum news"


def read_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response, Calendar.from_ical(response.content)


def test_events_calendar_has_one_vevent_per_event_in_uk_time(client, site):
    start = datetime.datetime(2027, 7, 1, 10, 0, tzinfo=LONDON)
    event = EventPageFactory(
        parent=site.events,
        title="Summer webinar",
        kind="webinar",
        summary="Funding for small groups.",
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    EventPageFactory(parent=site.events, title="Second event")
    _, calendar = read_calendar(client, site.events.url + "ical/")
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    webinar = next(e for e in events if str(e["SUMMARY"]) == "Summer webinar")
    assert webinar.decoded("DTSTART") == start
    assert webinar.decoded("DTSTART").tzinfo.key == "Europe/London"
    assert webinar.decoded("DTEND") == start + datetime.timedelta(hours=1)
    assert str(webinar["DESCRIPTION"]) == "Funding for small groups."
    assert str(webinar["URL"]) == f"http://testserver{event.url}"
    assert str(webinar["LOCATION"]) == "Online"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert "meet.example" not in calendar.to_ical().decode()  # join links stay private


def test_event_uid_stays_the_same_when_the_event_changes(client, site):
    event = EventPageFactory(parent=site.events, title="Planning meeting")
    _, before = read_calendar(client, event.url + "ical/")
    event.title = "Planning meeting (moved)"
    event.slug = "planning-meeting-moved"
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    event.save_revision().publish()
    event.refresh_from_db()
    _, after = read_calendar(client, event.url + "ical/")
    uid_before = str(before.walk("VEVENT")[0]["UID"])
    assert uid_before == str(after.walk("VEVENT")[0]["UID"])
    assert str(after.walk("VEVENT")[0]["SUMMARY"]) == "Planning meeting (moved)"


def test_each_event_offers_an_add_to_calendar_file(client, site):
    event = EventPageFactory(
        parent=site.events,
        title="Trustee training",
        meeting_format="hybrid",
        venue="Village Hall\nMain Street",
    )
    html = client.get(event.url).content.decode()
    assert f'href="{event.url}ical/"' in html and "Add to your calendar" in html
    response, calendar = read_calendar(client, event.url + "ical/")
    assert 'attachment; filename="' in response["Content-Disposition"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["LOCATION"]) == "Village Hall, Main Street (and online)"


def test_forum_and_cluster_calendars_hold_only_their_events(client, site):
    forum = site.forum()
    cluster = site.cluster()
    EventPageFactory(parent=site.events, title="Forum meeting", forum=forum)
    EventPageFactory(parent=site.events, title="Cluster meeting", cluster=cluster)
    _, forum_calendar = read_calendar(client, forum.url + "events/ical/")
    assert [str(e["SUMMARY"]) for e in forum_calendar.walk("VEVENT")] == ["Forum meeting"]
    _, cluster_calendar = read_calendar(client, cluster.url + "events/ical/")
    assert [str(e["SUMMARY"]) for e in cluster_calendar.walk("VEVENT")] == ["Cluster meeting"]


def test_unpublished_events_stay_out_of_the_calendar(client, site):
    EventPageFactory(parent=site.events, title="Published")
    hidden = EventPageFactory(parent=site.events, title="Not yet announced")
    hidden.unpublish()
    _, calendar = read_calendar(client, site.events.url + "ical/")
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Published"]


def test_a_calendar_holds_upcoming_events_and_last_months_not_older_ones(client, site):
    now = timezone.now()
    for title, days in [("Long ago", -90), ("Last week", -7), ("Next month", 30), ("Tomorrow", 1)]:
        start = now + datetime.timedelta(days=days)
        EventPageFactory(
            parent=site.events, title=title, start=start, end=start + datetime.timedelta(hours=2)
        )
    _, calendar = read_calendar(client, site.events.url + "ical/")
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Last week",
        "Tomorrow",
        "Next month",
    ]


def test_a_newly_published_event_is_in_the_calendar_on_the_next_request(client, site):
    EventPageFactory(parent=site.events, title="First")
    _, before = read_calendar(client, site.events.url + "ical/")
    assert [str(e["SUMMARY"]) for e in before.walk("VEVENT")] == ["First"]
    EventPageFactory(parent=site.events, title="Second")
    _, after = read_calendar(client, site.events.url + "ical/")
    assert sorted(str(e["SUMMARY"]) for e in after.walk("VEVENT")) == ["First", "Second"]


def test_feeds_use_a_constant_number_of_queries(client, site, django_assert_max_num_queries):
    for n in range(3):
        NewsPageFactory(parent=site.news, title=f"Story {n}").tags.add("a", "b")
    client.get(site.news.url + "feed/rss/")
    with django_assert_max_num_queries(12):
        client.get(site.news.url + "feed/rss/")
    for n in range(3, 20):
        NewsPageFactory(parent=site.news, title=f"Story {n}").tags.add("c")
    with django_assert_max_num_queries(12):
        client.get(site.news.url + "feed/rss/")
    assert timezone.now()
