"""Offers and needs: query counts stay flat as listings grow, and every page is valid HTML."""

import pytest
from django.urls import reverse

from consortium.models import Audience, Category, ListingKind, Reply, Watch
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import _agreed_match, as_user, pdf_file

pytestmark = pytest.mark.django_db


# --- Query counts stay flat ------------------------------------------------------------------


def _listings(personas, count):
    for number in range(count):
        listing = make_listing(
            personas.organisation if number % 2 else personas.other_organisation,
            title=f"Shared thing {number}",
            kind=ListingKind.OFFER if number % 3 else ListingKind.NEED,
            audience=Audience.MEMBERS,
        )
        Reply.objects.create(listing=listing, user=personas.volunteer, message="Me")


@pytest.mark.parametrize("count", [3, 30])
def test_the_index_costs_the_same_queries_however_many_listings(
    personas, count, django_assert_max_num_queries
):
    _listings(personas, count)
    client = as_user("member", personas)
    client.get(reverse("listings:index"))  # the site settings row is made on the first visit
    with django_assert_max_num_queries(18):
        response = client.get(reverse("listings:index"), {"q": "shared"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_a_listing_page_costs_the_same_queries_however_many_replies_and_offers(
    personas, count, django_assert_max_num_queries
):
    _listings(personas, count)
    need = make_listing(personas.organisation, title="Shared thing wanted")
    for number in range(count):
        Reply.objects.create(listing=need, user=personas.volunteer, message=f"Reply {number}")
    client = as_user("member", personas)
    client.get(reverse("listings:index"))
    with django_assert_max_num_queries(21):
        response = client.get(reverse("listings:detail", args=[need.pk]))
    assert response.status_code == 200


# --- Valid HTML ----------------------------------------------------------------------------


def test_every_resources_page_and_form_answer_is_valid_html(personas, tmp_path):
    from tests.platform.test_valid_html import validate

    need = make_listing(personas.organisation, audience=Audience.PUBLIC)
    make_listing(personas.other_organisation, kind=ListingKind.OFFER, title="Volunteers free")
    need.attachments.create(
        file=pdf_file(), original_name="plan.pdf", content_type="application/pdf", size=40
    )
    waiting = Reply.objects.create(listing=need, user=personas.volunteer, message="I can help")
    match = _agreed_match(personas, need)
    member_watch = Watch.objects.create(user=personas.member, category=Category.EQUIPMENT)
    member, other = as_user("member", personas), as_user("other_member", personas)
    open_need = make_listing(personas.organisation, title="Open need")
    answers = {
        "index": as_user("anonymous", personas).get(reverse("listings:index")),
        "index filtered": member.get(reverse("listings:index"), {"q": "food", "kind": "need"}),
        "detail as owner": member.get(reverse("listings:detail", args=[need.pk])),
        "detail as replier": other.get(reverse("listings:detail", args=[open_need.pk])),
        "detail anonymous": as_user("anonymous", personas).get(
            reverse("listings:detail", args=[need.pk])
        ),
        "create": member.get(reverse("listings:create")),
        "create with errors": member.post(reverse("listings:create"), {"quantity": "-1"}),
        "edit": member.get(reverse("listings:edit", args=[need.pk])),
        "close": member.get(reverse("listings:close", args=[need.pk])),
        "reply with errors": other.post(reverse("listings:reply", args=[open_need.pk]), {}),
        "report with errors": other.post(reverse("listings:report", args=[need.pk]), {}),
        "answer": member.get(reverse("listings:answer", args=[waiting.pk])),
        "match with errors": member.post(
            reverse("listings:match", args=[match.pk]), {"hours": "-1"}
        ),
        "watches": member.get(reverse("listings:watches")),
        "watches with errors": member.post(reverse("listings:watches"), {}),
        "stop watching": member.get(reverse("listings:remove_watch", args=[member_watch.pk])),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
