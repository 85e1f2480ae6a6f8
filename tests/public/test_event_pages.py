"""The public community pages: events, upcoming and past, and their times."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from home.models import EventPage
from tests.factories import EventPageFactory, UserFactory
from tests.public.community import NOW

pytestmark = pytest.mark.django_db


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


def test_each_event_in_a_list_shows_its_link_time_kind_format_and_summary(client, site):
    event = EventPageFactory(
        parent=site.events,
        title="Funding <fair> & drop-in",
        kind="webinar",
        meeting_format="online",
        summary="Meet funders & ask questions.",
    )
    page = client.get(site.events.url).content.decode()
    card = page.split('<article class="shoal-event">')[1].split("</article>")[0]
    title = "Funding &lt;fair&gt; &amp; drop-in"
    assert f'<a class="govuk-link" href="{event.url}">{title}</a>' in card
    assert "<dt>When</dt><dd><time datetime=" in card
    assert f"<dt>Type</dt><dd>{event.get_kind_display()}, online</dd>" in card
    assert '<p class="govuk-body-s">Meet funders &amp; ask questions.</p>' in card


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
