"""Offers and needs: too long a text is refused on its form with its limit, saving nothing,
and emails quote only the start of what people wrote."""

import pytest
from django.urls import reverse

from consortium.models import Category, Listing, ListingReport, Reply, Watch
from tests.brokerage.helpers import TODAY, as_user, listing_form

pytestmark = pytest.mark.django_db

REFUSED = (200, 400)  # the form again, with its error: never a server error


def error_text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_a_listing_description_over_5000_characters_is_refused_and_nothing_is_saved(personas):
    response = as_user("member", personas).post(
        reverse("listings:create"), listing_form(description="a" * 200_000)
    )
    assert response.status_code in REFUSED
    assert "The description must be 5,000 characters or fewer (it has 200,000)." in error_text(
        response
    )
    assert not Listing.objects.exists()


def test_a_listing_of_exactly_5000_characters_is_saved(personas):
    response = as_user("member", personas).post(
        reverse("listings:create"), listing_form(description="a" * 5000)
    )
    assert response.status_code == 302
    assert len(Listing.objects.get().description) == 5000


def test_a_reply_over_5000_characters_is_refused_and_nothing_is_saved(personas, need):
    response = as_user("other_member", personas).post(
        reverse("listings:reply", args=[need.pk]), {"message": "b" * 5001}
    )
    assert response.status_code in REFUSED
    assert "Your message must be 5,000 characters or fewer (it has 5,001)." in error_text(response)
    assert not Reply.objects.exists()


def test_a_report_over_2000_characters_is_refused_and_nothing_is_saved(personas, need):
    response = as_user("volunteer", personas).post(
        reverse("listings:report", args=[need.pk]), {"reason": "c" * 2001}
    )
    assert response.status_code in REFUSED
    assert "Your reason must be 2,000 characters or fewer (it has 2,001)." in error_text(response)
    assert not ListingReport.objects.exists()


def test_a_search_over_200_characters_is_answered_with_a_message_not_searched(personas, need):
    response = as_user("member", personas).get(reverse("listings:index"), {"q": "f" * 250})
    assert response.status_code == 200
    assert "Your search must be 200 characters or fewer (it has 250)." in error_text(response)


def test_watchers_are_emailed_the_title_and_a_link_not_a_long_description(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    personas.organisation.verified_on = TODAY
    personas.organisation.save()
    Watch.objects.create(user=personas.other_member, category=Category.EQUIPMENT)
    description = "Six sturdy tables. " + "x" * 4900
    with django_capture_on_commit_callbacks(execute=True):
        as_user("member", personas).post(
            reverse("listings:create"), listing_form(description=description)
        )
    listing = Listing.objects.get()
    [email] = mailoutbox
    assert reverse("listings:detail", args=[listing.pk]) in email.body
    assert "x" * 100 not in email.body and len(email.body) < 2000


def test_the_owner_is_emailed_the_start_of_a_long_reply_and_a_link_to_the_rest(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    message = "We can help on Saturdays. " + "Details follow. " * 300
    with django_capture_on_commit_callbacks(execute=True):
        as_user("other_member", personas).post(
            reverse("listings:reply", args=[need.pk]), {"message": message[:5000]}
        )
    reply = Reply.objects.get()
    email = mailoutbox[0]
    assert "We can help on Saturdays." in email.body
    assert "the rest is on Shoal, at the link below" in email.body
    assert reverse("listings:answer", args=[reply.pk]) in email.body
    assert len(email.body) < 2000
