"""Offers and needs at /resources/: browsing the list, and posting and changing a listing."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consortium.brokerage.models import MAX_QUANTITY
from consortium.models import (
    Area,
    Audience,
    Category,
    CostBasis,
    Listing,
    ListingKind,
    ListingStatus,
    Moderation,
)
from home.models import ForumMember
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import TODAY, as_user, listing_form, pdf_file
from tests.factories import ForumIndexPageFactory, ForumPageFactory, make_site

pytestmark = pytest.mark.django_db


# --- Browsing --------------------------------------------------------------------------------


def test_anonymous_visitors_see_only_public_listings(client, personas):
    make_listing(personas.organisation, title="Public minibus offer", audience=Audience.PUBLIC)
    make_listing(personas.organisation, title="Members only printer", audience=Audience.MEMBERS)
    page = client.get(reverse("listings:index")).content.decode()
    assert "Public minibus offer" in page
    assert "Members only printer" not in page
    member_page = as_user("other_member", personas).get(reverse("listings:index")).content.decode()
    assert "Members only printer" in member_page


def test_index_filters_by_kind_category_area_cost_and_words(client, personas):
    org = personas.organisation
    common = {"audience": Audience.PUBLIC}
    make_listing(
        org, title="Minibus to lend", kind=ListingKind.OFFER, category=Category.EQUIPMENT, **common
    )
    make_listing(
        org,
        title="Hall for hire",
        kind=ListingKind.OFFER,
        category=Category.VENUES,
        cost_basis=CostBasis.CHARGED,
        area=Area.SOUTH,
        **common,
    )
    make_listing(
        org, title="Treasurer wanted", kind=ListingKind.NEED, category=Category.SKILLS, **common
    )

    def titles(**query):
        html = client.get(reverse("listings:index"), query).content.decode()
        return {t for t in ("Minibus to lend", "Hall for hire", "Treasurer wanted") if t in html}

    assert titles() == {"Minibus to lend", "Hall for hire", "Treasurer wanted"}
    assert titles(kind="need") == {"Treasurer wanted"}
    assert titles(category="venues") == {"Hall for hire"}
    assert titles(area="south") == {"Hall for hire"}
    assert titles(cost="charged") == {"Hall for hire"}
    assert titles(q="minibus") == {"Minibus to lend"}


@pytest.mark.parametrize(
    "words", ['"', "AND OR NOT", "*", "(", "<script>alert(1)</script>", "x" * 300, "NEAR/2"]
)
def test_odd_search_words_never_break_the_index(client, personas, words):
    make_listing(personas.organisation, title="Minibus to lend", audience=Audience.PUBLIC)
    response = client.get(reverse("listings:index"), {"q": words})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_offer_past_its_date_is_not_shown_as_open(client, personas):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)):
        offer = make_listing(
            personas.organisation,
            title="Gazebo to lend",
            kind=ListingKind.OFFER,
            audience=Audience.PUBLIC,
            available_until=datetime.date(2027, 3, 5),
        )
    with time_machine.travel(datetime.datetime(2027, 3, 6, 12, tzinfo=datetime.UTC)):
        assert "Gazebo to lend" not in client.get(reverse("listings:index")).content.decode()
        everything = client.get(reverse("listings:index"), {"include_closed": "on"})
        assert "Gazebo to lend" in everything.content.decode()
        detail = client.get(reverse("listings:detail", args=[offer.pk])).content.decode()
        assert "Expired" in detail
        assert (
            "Send reply"
            not in as_user("other_member", personas)
            .get(reverse("listings:detail", args=[offer.pk]))
            .content.decode()
        )


def test_the_index_is_paginated(client, personas):
    for number in range(25):
        make_listing(
            personas.organisation, title=f"Listing number {number}", audience=Audience.PUBLIC
        )
    first = client.get(reverse("listings:index")).content.decode()
    assert (
        "25 listings" in first and "Listing number 24" in first and "Listing number 0<" not in first
    )
    second = client.get(reverse("listings:index"), {"page": 2}).content.decode()
    assert "Listing number 0<" in second


def test_audience_widens_on_the_dates_the_owner_set(client, personas):
    listing = make_listing(
        personas.organisation,
        audience=Audience.GROUP,
        members_from=datetime.date(2027, 3, 10),
        public_from=datetime.date(2027, 3, 17),
    )
    url = reverse("listings:detail", args=[listing.pk])

    def other():  # signed in on the day (a session from today would have expired by then)
        return as_user("other_member", personas)

    with time_machine.travel(datetime.datetime(2027, 3, 9, 12, tzinfo=datetime.UTC)):
        assert other().get(url).status_code == 404
        assert client.get(url).status_code == 404
    with time_machine.travel(datetime.datetime(2027, 3, 10, 12, tzinfo=datetime.UTC)):
        assert other().get(url).status_code == 200
        assert client.get(url).status_code == 404
    with time_machine.travel(datetime.datetime(2027, 3, 17, 12, tzinfo=datetime.UTC)):
        assert client.get(url).status_code == 200


def test_a_group_listing_is_seen_by_organisations_in_the_same_forum(personas):
    forum_index = ForumIndexPageFactory(parent=make_site())
    forum = ForumPageFactory(parent=forum_index)
    ForumMember.objects.create(page=forum, organisation=personas.organisation)
    ForumMember.objects.create(page=forum, organisation=personas.other_organisation)
    listing = make_listing(personas.organisation, audience=Audience.GROUP)
    url = reverse("listings:detail", args=[listing.pk])
    assert as_user("other_member", personas).get(url).status_code == 200
    assert as_user("volunteer", personas).get(url).status_code == 404


# --- Posting and changing ---------------------------------------------------------------


def test_a_member_of_a_verified_organisation_posts_a_need_that_others_see(
    personas, django_capture_on_commit_callbacks
):
    personas.organisation.verified_on = TODAY
    personas.organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("member", personas).post(
            reverse("listings:create"), listing_form(attachments=[pdf_file()])
        )
    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "listings:detail", args=[listing.pk]
    )
    assert listing.organisation == personas.organisation and listing.posted_by == personas.member
    assert listing.moderation == Moderation.APPROVED
    assert listing.attachments.get().original_name == "plan.pdf"
    other = as_user("other_member", personas).get(reverse("listings:detail", args=[listing.pk]))
    assert "Folding tables for a jumble sale" in other.content.decode()


def test_an_attachment_is_served_only_as_a_download(personas):
    listing = make_listing(personas.organisation)
    attachment = listing.attachments.create(
        file=pdf_file(), original_name="plan.pdf", content_type="application/pdf", size=40
    )
    response = as_user("volunteer", personas).get(
        reverse("listings:download", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Stored under a random folder, so its address cannot be guessed.
    assert (
        attachment.file.name.startswith("listings/") and len(attachment.file.name.split("/")) == 4
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"available_from": "2027-04-10", "available_until": "2027-04-01"},
            "available_until",
            "same as or after the start date",
        ),
        ({"available_until": "2020-01-01"}, "available_until", "today or in the future"),
        ({"quantity": "0"}, "quantity", "1 or more"),
        ({"quantity": "-1"}, "quantity", "1 or more"),
        ({"quantity": str(MAX_QUANTITY + 1)}, "quantity", "or less"),
        ({"quantity": "lots"}, "quantity", "whole number"),
        ({"title": ""}, "title", "Enter a title"),
        (
            {"audience": "group", "members_from": "2027-05-01", "public_from": "2027-04-01"},
            "public_from",
            "same as or after",
        ),
        ({"audience": "members", "members_from": "2027-05-01"}, "members_from", "Leave this empty"),
        ({"audience": "public", "public_from": "2027-05-01"}, "public_from", "already public"),
        ({"available_from": "2027-02-30"}, "available_from", "real date"),
    ],
)
def test_a_listing_with_bad_input_is_refused_with_a_clear_message(
    personas, overrides, field, message
):
    with time_machine.travel(datetime.datetime(2027, 3, 10, 12, tzinfo=datetime.UTC)):
        response = as_user("member", personas).post(
            reverse("listings:create"), listing_form(**overrides)
        )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert "There is a problem" in response.content.decode()
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "plan.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
            ),
            "not a real .pdf",
        ),
        (
            SimpleUploadedFile(
                "logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"
            ),
            "must be one of",
        ),
        (
            SimpleUploadedFile(
                "big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "application/pdf"
            ),
            "smaller than",
        ),
    ],
    ids=["disguised", "svg", "oversized"],
)
def test_unsafe_attachments_are_refused_on_the_form(personas, upload, message):
    response = as_user("member", personas).post(
        reverse("listings:create"), listing_form(attachments=[upload])
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert not Listing.objects.exists()


def test_script_typed_into_a_listing_is_shown_as_text(personas):
    personas.organisation.verified_on = TODAY
    personas.organisation.save()
    as_user("member", personas).post(
        reverse("listings:create"),
        listing_form(
            title="<script>alert('t')</script>", description="<img src=x onerror=alert(1)>"
        ),
    )
    listing = Listing.objects.get()
    page = (
        as_user("other_member", personas)
        .get(reverse("listings:detail", args=[listing.pk]))
        .content.decode()
    )
    assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_two_people_changing_a_listing_do_not_overwrite_each_other(personas):
    listing = make_listing(personas.organisation, title="Old title")
    url = reverse("listings:edit", args=[listing.pk])
    first, second = as_user("member", personas), as_user("org_admin", personas)
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version
    data = listing_form(kind="need", category="volunteering")
    ok = second.post(url, {**data, "title": "Second person's title", "version": version})
    assert ok.status_code == 302
    stale = first.post(url, {**data, "title": "First person's title", "version": version})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else changed this listing" in page
    assert "First person&#x27;s title" in page  # what they typed is kept
    listing.refresh_from_db()
    assert listing.title == "Second person's title"
    # Having seen the warning, they may save again on purpose.
    again = first.post(
        url,
        {
            **data,
            "title": "First person's title",
            "version": stale.context["form"]["version"].value(),
        },
    )
    assert again.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "First person's title"


def test_the_owner_closes_a_listing_and_nobody_can_reply_any_more(personas, need):
    response = as_user("member", personas).post(reverse("listings:close", args=[need.pk]))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == ListingStatus.CLOSED
    assert (
        as_user("other_member", personas).get(reverse("listings:reply", args=[need.pk])).status_code
        == 403
    )
