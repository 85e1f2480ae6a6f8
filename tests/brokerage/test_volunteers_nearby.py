"""Volunteers near my organisation: a volunteer may give the first part of their postcode
("AB3"), never more; members of an organisation with a known postcode see "about N miles away"
and can keep to volunteers within 5, 10 or 25 miles."""

import pytest
from django.urls import reverse

from consortium.models import Availability, Organisation
from consortium.organisations.postcodes import PostcodeCentroid
from tests.brokerage.availability_world import availability_form, make_availability
from tests.brokerage.helpers import as_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VOLUNTEERS = reverse("listings:volunteers")


def volunteer_in(district, first_name):
    user = UserFactory(first_name=first_name)
    return make_availability(user, postcode_district=district, show_first_name=True)


@pytest.fixture
def map_of_the_county(personas):
    # AB1 is the organisation's; AB3 about 3 miles away; AB8 about 40.
    for code, lat, lon in [("AB1", 57.15, -2.10), ("AB3", 57.19, -2.10), ("AB8", 57.70, -2.60)]:
        PostcodeCentroid.objects.create(code=code, latitude=lat, longitude=lon)
    Organisation.objects.filter(pk=personas.organisation.pk).update(postcode="AB1 1AA")
    make_availability(
        UserFactory(first_name="Nadia"), postcode_district="AB3", show_first_name=True
    )
    make_availability(
        UserFactory(first_name="Farid"), postcode_district="AB8", show_first_name=True
    )
    return personas


def test_a_volunteer_gives_a_whole_postcode_and_only_its_first_part_is_kept(personas):
    client = as_user("volunteer", personas)
    client.post(
        reverse("listings:availability_create"), availability_form(postcode_district="ab3 4xy")
    )
    assert Availability.objects.get(user=personas.volunteer).postcode_district == "AB3"


def test_something_that_is_not_a_postcode_is_refused_on_the_form(personas):
    client = as_user("volunteer", personas)
    response = client.post(
        reverse("listings:availability_create"), availability_form(postcode_district="near me")
    )
    assert response.status_code == 400
    assert "Enter the first part of a postcode, like AB3" in response.content.decode()
    assert not Availability.objects.filter(user=personas.volunteer).exists()


def test_members_see_how_far_each_volunteer_is_and_keep_to_those_nearby(map_of_the_county):
    client = as_user("member", map_of_the_county)
    everyone = client.get(VOLUNTEERS).content.decode()
    assert "About 3 miles away" in everyone
    assert "Nadia" in everyone and "Farid" in everyone

    nearby = client.get(VOLUNTEERS, {"within": 5}).content.decode()
    assert "Nadia" in nearby
    assert "Farid" not in nearby
    assert "1 volunteer available matching your filters" in nearby


def test_without_a_known_postcode_there_is_no_distance_filter_and_a_note_says_why(personas):
    make_availability(
        UserFactory(first_name="Nadia"), postcode_district="AB3", show_first_name=True
    )
    page = as_user("member", personas).get(VOLUNTEERS).content.decode()
    assert "Distance from your organisation" not in page
    assert 'id="distance-unknown"' in page


def test_a_volunteer_who_helps_only_online_reads_online_not_no_area(personas):
    make_availability(UserFactory(), areas=[], online=True)
    page = as_user("member", personas).get(VOLUNTEERS).content.decode()
    assert "No areaonline" not in page
    assert '<dd class="govuk-summary-list__value">Online</dd>' in page
