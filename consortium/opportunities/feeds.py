"""Open funding opportunities as an RSS feed and their deadlines as an iCalendar file."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.feedgenerator import Rss201rev2Feed
from icalendar import Calendar, Event

from consortium.opportunities.models import Opportunity
from consortium.opportunities.views import amount_range, time_left
from portal.repeated import remember_for_the_hour
from portal.text import PlainTextFeed, as_feed_html

FEED_LENGTH = 50


CALENDAR_LENGTH = 200


class OpenOpportunitiesFeed(PlainTextFeed):
    """Open grants and tenders, newest first, for feed readers."""

    feed_type = Rss201rev2Feed
    title = "Shoal: funding opportunities"
    description = "Grants and tenders open to member organisations, newest first."

    def link(self):
        return reverse("opportunities:index")

    def items(self):
        return Opportunity.objects.open().order_by("-created_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.funder})"

    def item_description(self, item):
        now = timezone.now()
        deadline = dateformat.format(timezone.localtime(item.deadline), "j F Y, g:i a")
        parts = [
            f"{item.get_kind_display()}. {amount_range(item)}. Deadline {deadline}.",
            time_left(item.deadline, now) + ".",
            item.description,
        ]
        # Readers show the description as HTML: what was typed or imported is escaped.
        return as_feed_html("\n\n".join(part for part in parts if part))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"opportunity-{item.pk}@shoal"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


def deadlines_calendar(request):
    """An iCalendar of open opportunities' deadlines (and expression-of-interest dates)."""
    # Built once for everyone until the content changes or the hour turns (it is slow).
    body = remember_for_the_hour(
        request, "deadlines-ical", compute=lambda: _deadlines(request).to_ical()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="funding-deadlines.ics"'
    return response


def _deadlines(request):
    calendar = Calendar()
    calendar.add("prodid", "-//Shoal//Funding opportunities//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Funding opportunity deadlines")
    calendar.add("x-wr-timezone", "Europe/London")
    now = timezone.now()
    for item in Opportunity.objects.open(now).order_by("deadline", "pk")[:CALENDAR_LENGTH]:
        url = request.build_absolute_uri(item.get_absolute_url())
        dates = [("deadline", "Deadline", item.deadline)]
        if item.eoi_deadline:
            dates.append(("eoi", "Expressions of interest due", item.eoi_deadline))
        for key, label, moment in dates:
            event = Event()
            event.add("uid", f"opportunity-{item.pk}-{key}@shoal")
            event.add("summary", f"{label}: {item.title}")
            event.add("dtstart", timezone.localtime(moment))
            event.add("dtend", timezone.localtime(moment))
            event.add("dtstamp", item.updated_at)
            event.add("description", f"{item.funder}. {amount_range(item)}. {url}")
            event.add("url", url)
            event.add("categories", [item.get_kind_display()])
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
