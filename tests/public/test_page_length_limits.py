"""Staff in the Wagtail admin: too long a text on a page or a snippet is refused on the form
with its limit, as the members' forms do, and nothing is saved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import EventPage, Fund
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    return response.content.decode().replace("&#x27;", "'")


def event_form(**changes):
    return nested_form_data(
        {
            "title": "Winter planning",
            "slug": "winter-planning",
            "kind": "meeting",
            "meeting_format": "online",
            "start": "10/12/2026 14:00",
            "end": "10/12/2026 16:00",
            "summary": "A meeting of members.",
            "venue": "",
            "join_link": "",
            "recording_url": "",
            "body": streamfield([]),
            "action-publish": "1",
            **changes,
        }
    )


def test_a_page_summary_over_1000_characters_is_refused_and_the_page_is_unchanged(
    client, site, admin_user
):
    event = EventPageFactory(parent=site.events, title="Winter planning")
    revisions = event.revisions.count()
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]), event_form(summary="s" * 1001)
    )
    assert response.status_code == 200
    assert "Summary must be 1,000 characters or fewer (it has 1,001)." in page_text(response)
    assert EventPage.objects.get(pk=event.pk).summary != "s" * 1001
    assert event.revisions.count() == revisions


def test_a_paragraph_over_20000_characters_is_refused_and_the_page_is_unchanged(
    client, site, admin_user
):
    event = EventPageFactory(parent=site.events, title="Winter planning")
    client.force_login(admin_user)
    long_paragraph = streamfield([("paragraph", rich_text("<p>" + "p" * 20_001 + "</p>"))])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]), event_form(body=long_paragraph)
    )
    assert response.status_code == 200
    assert "p" * 20_001 not in str(EventPage.objects.get(pk=event.pk).body)


def test_a_fund_description_over_5000_characters_is_refused_and_nothing_is_saved(
    client, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailsnippets_home_fund:add"),
        {"name": "Warm Homes Fund", "funder": "", "description": "f" * 5001, "website": ""},
    )
    assert response.status_code == 200
    assert "Description must be 5,000 characters or fewer (it has 5,001)." in page_text(response)
    assert not Fund.objects.exists()
