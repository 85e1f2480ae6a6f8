"""The demo shows a volunteer's availability, an organisation asking them, and an hours log
on a match still under way, loaded once however often the demo is loaded."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from consortium.models import Availability, AvailabilityAsk, HoursEntry

pytestmark = pytest.mark.django_db


def test_the_demo_volunteer_can_help_has_been_asked_and_a_match_logs_hours(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    counts = (Availability.objects.count(), AvailabilityAsk.objects.count())
    call_command("load_demo_content", stdout=io.StringIO())
    assert (Availability.objects.count(), AvailabilityAsk.objects.count()) == counts == (2, 1)
    assert HoursEntry.objects.count() == 3
    match = HoursEntry.objects.first().match
    assert match.hours == Decimal("4")  # the poster's side logged 4, the replier's 7.5
    volunteer = Availability.objects.get(user__username="volunteer").user
    client = Client()
    client.force_login(volunteer)
    todo = client.get(reverse("members:todo")).content.decode()
    assert "Castle Ward Food Pantry" in todo
