"""The demo shows photos on two offers and places its organisations, loading twice alike."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from consortium.models import ListingPhoto, Organisation, PostcodeCentroid
from consortium.organisations.postcodes import places

pytestmark = pytest.mark.django_db


def test_the_demo_has_described_photos_on_two_offers_and_places_every_organisation():
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())  # idempotent
    photos = ListingPhoto.objects.select_related("listing")
    assert {photo.listing.title for photo in photos} == {
        "Folding tables and chairs to lend",
        "Meeting room at Hillside Hall",
    }
    assert photos.count() == 3 and all(photo.alt_text for photo in photos)
    assert PostcodeCentroid.objects.count() == 8
    postcodes = set(Organisation.objects.exclude(postcode="").values_list("postcode", flat=True))
    assert postcodes and set(places(postcodes)) == postcodes

    member = Client()
    member.post("/accounts/login/", {"login": "member", "password": "shoal-demo"})
    page = member.get("/resources/", {"within": "10"}).content.decode()
    assert re.search(r"(about \d+ miles?|less than a mile) away", page)
    assert 'alt="Four folding tables stacked against a village hall wall"' in page
