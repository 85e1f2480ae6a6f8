"""The photos page, and the list and listing pages with photos, distances and a map, are
valid HTML."""

import pytest
from django.urls import reverse

from consortium.models import ListingKind, PostcodeCentroid
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user
from tests.brokerage.photos import add_photos

pytestmark = pytest.mark.django_db


def test_photo_pages_and_distance_answers_are_valid_html(personas, tmp_path, settings):
    from tests.platform.test_valid_html import validate

    PostcodeCentroid.objects.create(code="SW1A", latitude=51.501, longitude=-0.1416)
    offer = make_listing(personas.organisation, kind=ListingKind.OFFER, title="Tables")
    full = make_listing(personas.organisation, kind=ListingKind.OFFER, title="Chairs")
    add_photos(offer, personas.member, 2)
    add_photos(full, personas.member, 4)
    empty = make_listing(personas.organisation, kind=ListingKind.OFFER, title="Stools")
    member, other = as_user("member", personas), as_user("other_member", personas)
    answers = {
        "photos page, empty": member.get(reverse("listings:photos", args=[empty.pk])),
        "photos page, two": member.get(reverse("listings:photos", args=[offer.pk])),
        "photos page, full": member.get(reverse("listings:photos", args=[full.pk])),
        "photos page, errors": member.post(reverse("listings:photos", args=[offer.pk]), {}),
        "photos page, fifth refused": member.post(
            reverse("listings:photos", args=[full.pk]), {"alt_text": "More chairs"}
        ),
        "index with cards and distances": member.get(reverse("listings:index"), {"within": 5}),
        "index, postcode unknown": other.get(reverse("listings:index"), {"within": 5}),
        "detail with photos": other.get(reverse("listings:detail", args=[offer.pk])),
    }
    settings.SHOAL_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    answers["detail with a map"] = member.get(reverse("listings:detail", args=[offer.pk]))
    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
