"""Photos on offers: up to four, each described, in order, added only by the offer's own
organisation, and shown on the list's card and on the offer's page."""

import pytest
from django.urls import reverse
from PIL import Image

from consortium.models import ListingKind, ListingPhoto
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user, pdf_file
from tests.brokerage.photos import add_photos, photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(personas):
    return make_listing(personas.organisation, kind=ListingKind.OFFER, title="Folding tables")


def _add(client, offer, upload=None, alt="Six folding tables stacked against a wall"):
    return client.post(
        reverse("listings:photos", args=[offer.pk]),
        {"photo": upload or photo_upload(), "alt_text": alt},
    )


def test_a_member_adds_a_described_photo_and_everyone_who_sees_the_offer_sees_it(personas, offer):
    member = as_user("member", personas)
    response = _add(member, offer)
    assert response.status_code == 302
    photo = offer.photos.get()
    assert photo.alt_text == "Six folding tables stacked against a wall"
    page = as_user("volunteer", personas).get(reverse("listings:detail", args=[offer.pk]))
    assert 'alt="Six folding tables stacked against a wall"' in page.content.decode()
    picture = as_user("volunteer", personas).get(reverse("listings:photo", args=[photo.pk]))
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/jpeg"


def test_a_photo_without_alt_text_is_refused_with_a_clear_message(personas, offer):
    response = _add(as_user("member", personas), offer, alt="   ")
    assert response.status_code == 400
    assert (
        "Describe what the photo shows, for people who cannot see it" in response.content.decode()
    )
    assert not offer.photos.exists()


def test_alt_text_longer_than_the_limit_is_refused_saying_the_limit(personas, offer):
    response = _add(as_user("member", personas), offer, alt="x" * 151)
    assert response.status_code == 400
    assert "150 characters or fewer" in response.content.decode()


def test_a_fifth_photo_is_refused_with_a_clear_message(personas, offer):
    add_photos(offer, personas.member, 4)
    response = _add(as_user("member", personas), offer)
    assert response.status_code == 400
    assert "An offer can have at most 4 photos" in response.content.decode()
    assert offer.photos.count() == 4


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: pdf_file("tables.pdf"), id="a pdf"),
        pytest.param(
            lambda: photo_upload("tables.png").__class__("tables.jpg", b"<html>hi</html>"),
            id="html named jpg",
        ),
        pytest.param(
            lambda: photo_upload("tables.png").__class__("tables.png", photo_upload().read()),
            id="jpeg named png",
        ),
    ],
)
def test_a_file_that_is_not_a_real_photo_is_refused_on_the_form(personas, offer, upload):
    response = _add(as_user("member", personas), offer, upload=upload())
    assert response.status_code == 400
    assert 'class="govuk-error-summary' in response.content.decode()
    assert not offer.photos.exists()


def test_only_the_offers_own_organisation_adds_or_removes_photos(personas, offer):
    (photo,) = add_photos(offer, personas.member, 1)
    other = as_user("other_member", personas)
    assert _add(other, offer).status_code == 403
    assert other.post(reverse("listings:remove_photo", args=[photo.pk])).status_code == 403
    assert (
        as_user("volunteer", personas).get(reverse("listings:photos", args=[offer.pk])).status_code
        == 403
    )
    assert offer.photos.count() == 1


def test_a_need_has_no_photos_page(personas, need):
    assert (
        as_user("member", personas).get(reverse("listings:photos", args=[need.pk])).status_code
        == 403
    )


def test_photos_are_moved_and_removed_and_the_first_shows_on_the_card(personas, offer):
    first, second = add_photos(offer, personas.member, 2)
    member = as_user("member", personas)
    member.post(reverse("listings:move_photo", args=[second.pk]), {"direction": "up"})
    assert list(offer.photos.values_list("pk", flat=True)) == [second.pk, first.pk]
    card = member.get(reverse("listings:index")).content.decode()
    assert reverse("listings:photo_card", args=[second.pk]) in card
    assert 'loading="lazy"' in card
    assert f'width="{second.card_width}" height="{second.card_height}"' in card
    member.post(reverse("listings:remove_photo", args=[second.pk]))
    assert list(offer.photos.values_list("pk", flat=True)) == [first.pk]


def test_a_photos_location_and_camera_details_are_removed_and_it_is_made_card_sized(
    personas, offer
):
    upload = photo_upload(size=(3000, 2000), gps=True)
    assert Image.open(upload).getexif().get(0x8825)  # the test's photo does carry a position
    _add(as_user("member", personas), offer, upload=photo_upload(size=(3000, 2000), gps=True))
    photo = ListingPhoto.objects.get()
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
        assert max(image.size) == 1600
    assert (photo.card_width, photo.card_height) == (320, 213)


def test_a_members_only_offers_photo_is_hidden_from_visitors(personas, offer):
    (photo,) = add_photos(offer, personas.member, 1)
    anonymous = as_user("anonymous", personas)
    assert anonymous.get(reverse("listings:photo_card", args=[photo.pk])).status_code == 404


@pytest.mark.parametrize("name", ["tables.png", "tables.webp"])
def test_png_and_webp_photos_are_taken_too(personas, offer, name):
    assert _add(as_user("member", personas), offer, upload=photo_upload(name)).status_code == 302
    assert offer.photos.get().content_type == f"image/{name.rsplit('.', 1)[1]}"


def test_a_photo_over_the_size_limit_is_refused_saying_the_limit(personas, offer, monkeypatch):
    monkeypatch.setattr("consortium.brokerage.photos.MAX_PHOTO_BYTES", 1024)
    response = _add(as_user("member", personas), offer, upload=photo_upload(size=(800, 800)))
    assert response.status_code == 400
    assert "The file must be smaller than 1.0" in response.content.decode()
    assert not offer.photos.exists()
