"""iCalendar feeds of events (site-wide, per forum or cluster, and one event), by icalendar."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from portal.repeated import remember_for_the_hour

CALENDAR_TYPE = "text/calendar"
CALENDAR_LENGTH = 200
# A feed holds the upcoming events and those that ended in the last month.
RECENT_PAST = datetime.timedelta(days=30)


def alternate(title, href):
    return {"title": title, "href": href, "type": CALENDAR_TYPE}


def listing(events):
    """Event pages as lists show them (``components/event_summary.html``): title, times,
    kind, format and summary, all on the event's own row. Nothing else is joined: the
    forum, cluster and image (two wide page rows and an image each) were read and never
    shown, and building that query cost more than running it."""
    return events


def event_uid(event):
    """A UID that never changes for the event, even if its title, slug or times change."""
    return f"{event.translation_key}@shoal"


def build_calendar(request, title, events):
    calendar = Calendar()
    calendar.add("prodid", "-//Shoal//Community portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Europe/London")
    for event in events:
        item = Event()
        item.add("uid", event_uid(event))
        item.add("summary", event.title)
        item.add("dtstart", timezone.localtime(event.start))
        item.add("dtend", timezone.localtime(event.end))
        item.add("dtstamp", event.last_published_at or timezone.now())
        if event.last_published_at:
            item.add("last-modified", event.last_published_at)
        item.add("description", event.summary)
        item.add("url", request.build_absolute_uri(event.get_url(request)))
        location = event.venue.replace("\n", ", ") if event.venue else ""
        if event.is_online:
            location = f"{location} (and online)" if location else "Online"
        item.add("location", location)
        item.add("categories", [event.get_kind_display()])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar


def feed_events(events):
    """Upcoming events and those of the last month, soonest first (at most 200)."""
    since = timezone.now() - RECENT_PAST
    return list(events.filter(end__gte=since).order_by("start", "pk")[:CALENDAR_LENGTH])


def calendar_response(request, page, events, filename=None):
    """``events``: a queryset for a feed, or a list (one event's own file).

    Building hundreds of VEVENTs takes a good part of a second at county scale, and a feed
    is the same for every subscriber, so a feed is built once until the content changes or
    the hour turns.
    """
    if isinstance(events, list):
        body = build_calendar(request, page.title, events).to_ical()
    else:
        body = remember_for_the_hour(
            request,
            "events-ical",
            page.pk,
            compute=lambda: build_calendar(request, page.title, feed_events(events)).to_ical(),
        )
    response = HttpResponse(body, content_type=f"{CALENDAR_TYPE}; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
