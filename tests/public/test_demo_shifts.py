"""The demo has a volunteering role with shifts, one with the demo volunteer signed up, loaded
once however often the demo is loaded."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from consortium.brokerage.shifts import Shift, ShiftSignUp, VolunteerRole

pytestmark = pytest.mark.django_db


def test_the_demo_volunteer_is_signed_up_for_a_lunch_club_drivers_shift(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    role = VolunteerRole.objects.get()
    assert Shift.objects.filter(role=role).count() == 3
    signed = ShiftSignUp.objects.select_related("user", "shift").get()
    assert signed.user.username == "volunteer"
    client.force_login(signed.user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("listings:detail", args=[role.listing.pk])).content.decode()
    assert "You are signed up" in page and "Enhanced DBS check" in page
