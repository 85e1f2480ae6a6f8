"""Who gets an offer's photos page and its photo files (the ACCESS matrix rows)."""

import pytest
from django.urls import reverse

from consortium.models import Audience, ListingKind
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user
from tests.brokerage.photos import add_photos
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db


def _offer(p, audience=Audience.MEMBERS):
    return make_listing(p.organisation, kind=ListingKind.OFFER, audience=audience)


def _photo(p, audience=Audience.MEMBERS):
    offer = _offer(p, audience)
    return add_photos(offer, p.member, 1)[0]


OWNERS = {
    "anonymous": 404,  # a members-only offer: its existence stays hidden
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}
MEMBERS_ONLY = {"anonymous": 404, **dict.fromkeys(PERSONAS[1:], 200)}
PUBLIC = dict.fromkeys(PERSONAS, 200)
POST_ONLY = dict.fromkeys(PERSONAS, 405)

ACCESS = [
    ("an offer's photos page", lambda p: reverse("listings:photos", args=[_offer(p).pk]), OWNERS),
    (
        "a members-only offer's photo",
        lambda p: reverse("listings:photo", args=[_photo(p).pk]),
        MEMBERS_ONLY,
    ),
    (
        "a public offer's card photo",
        lambda p: reverse("listings:photo_card", args=[_photo(p, Audience.PUBLIC).pk]),
        PUBLIC,
    ),
    (
        "removing a photo (a form's POST only)",
        lambda p: reverse("listings:remove_photo", args=[_photo(p).pk]),
        POST_ONLY,
    ),
    (
        "moving a photo (a form's POST only)",
        lambda p: reverse("listings:move_photo", args=[_photo(p).pk]),
        POST_ONLY,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("description", "url_for", "expected"), ACCESS, ids=[row[0] for row in ACCESS]
)
def test_each_person_gets_what_the_rules_allow(personas, persona, description, url_for, expected):
    response = as_user(persona, personas).get(url_for(personas))
    assert response.status_code == expected[persona], f"{persona} on {description}"


@pytest.mark.parametrize("persona", ["volunteer", "other_member"])
def test_nobody_outside_the_organisation_removes_or_moves_a_photo(personas, persona):
    photo = _photo(personas)
    client = as_user(persona, personas)
    assert client.post(reverse("listings:remove_photo", args=[photo.pk])).status_code == 403
    assert (
        client.post(
            reverse("listings:move_photo", args=[photo.pk]), {"direction": "down"}
        ).status_code
        == 403
    )
    assert photo.listing.photos.count() == 1


def test_a_visitor_is_sent_to_sign_in_before_removing_a_photo(personas):
    photo = _photo(personas, Audience.PUBLIC)
    response = as_user("anonymous", personas).post(
        reverse("listings:remove_photo", args=[photo.pk])
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
