"""iCalendar feeds of events (site-wide, per forum or cluster, and one event), by icalendar."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

CALENDAR_TYPE = "text/calendar"
CALENDAR_LENGTH = 200


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
        item.add("url", request.build_absolute_uri(event.url))
        location = event.venue.replace("\n", ", ") if event.venue else ""
        if event.is_online:
            location = f"{location} (and online)" if location else "Online"
        item.add("location", location)
        item.add("categories", [event.get_kind_display()])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar


def calendar_response(request, page, events, filename=None):
    if not isinstance(events, list):
        events = list(events.order_by("start")[:CALENDAR_LENGTH])
    calendar = build_calendar(request, page.title, events)
    response = HttpResponse(calendar.to_ical(), content_type=f"{CALENDAR_TYPE}; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
