"""Funding opportunities: the RSS feed, the deadlines calendar, and the demo's opportunities."""

import datetime

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from consortium.models import Opportunity, OpportunityKind, PartnerSearch
from tests.opportunities.helpers import make_opportunity

pytestmark = pytest.mark.django_db


# --- feeds -----------------------------------------------------------------------------------


def test_the_rss_feed_lists_open_opportunities_newest_first(client):
    make_opportunity("Older fund", days=20)
    make_opportunity("Newer fund", days=40)
    make_opportunity("Closed fund", days=-1)
    make_opportunity("Draft fund", is_published=False)
    feed = feedparser.parse(client.get(reverse("opportunities:rss")).content)
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == [
        "Newer fund (Westmoor Community Foundation)",
        "Older fund (Westmoor Community Foundation)",
    ]
    assert feed.entries[0].link.endswith("/opportunities/newer-fund/")


def test_the_calendar_has_each_open_deadline_and_expression_of_interest_date(client):
    deadline = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    make_opportunity(
        "Befriending contract",
        deadline=deadline,
        eoi_deadline=deadline - datetime.timedelta(days=7),
    )
    make_opportunity("Rural halls fund", days=20)
    make_opportunity("Closed fund", days=-1)
    response = client.get(reverse("opportunities:ical"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "Deadline: Befriending contract",
        "Expressions of interest due: Befriending contract",
        "Deadline: Rural halls fund",
    }
    assert events["Deadline: Befriending contract"].decoded("dtstart") == deadline
    assert len({str(e["uid"]) for e in events.values()}) == 3


def test_a_new_opportunity_is_in_the_deadlines_calendar_on_the_next_request(client):
    make_opportunity("Rural halls fund", days=20)

    def summaries():
        response = client.get(reverse("opportunities:ical"))
        calendar = icalendar.Calendar.from_ical(response.content)
        return sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))

    assert summaries() == ["Deadline: Rural halls fund"]
    make_opportunity("Village shop grant", days=30)
    assert summaries() == ["Deadline: Rural halls fund", "Deadline: Village shop grant"]


# --- demo ------------------------------------------------------------------------------------


def test_the_demo_has_grants_and_imported_tenders_and_loads_twice_unchanged(settings, tmp_path):
    import io

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())

    def state():
        return (
            Opportunity.objects.count(),
            Opportunity.history.count(),
            PartnerSearch.objects.count(),
        )

    first = state()
    call_command("load_demo_content", stdout=io.StringIO())
    assert state() == first, "loading the demo a second time changed the opportunities"
    now = timezone.now()
    assert Opportunity.objects.count() >= 8
    assert Opportunity.objects.filter(kind=OpportunityKind.GRANT).exists()
    assert Opportunity.objects.filter(kind=OpportunityKind.TENDER, ocid__isnull=False).count() == 3
    assert Opportunity.objects.filter(deadline__lt=now).count() == 1
    assert Opportunity.objects.filter(
        deadline__gte=now, deadline__lte=now + datetime.timedelta(days=7)
    ).exists()
    halls = Opportunity.objects.get(title="Village halls energy fund")
    assert halls.partner_searches.count() == 2
