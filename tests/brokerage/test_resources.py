"""Offers and needs at /resources/: who sees what, posting, replies, matches, the daily jobs,
suggested matches, watches and moderation."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium import permissions
from consortium.brokerage import matching
from consortium.brokerage import rules as brokerage
from consortium.brokerage.models import MAX_QUANTITY
from consortium.models import (
    AccountType,
    Area,
    Audience,
    Category,
    CostBasis,
    Listing,
    ListingKind,
    ListingReport,
    ListingStatus,
    Match,
    MatchStatus,
    Moderation,
    Person,
    Reply,
    ReplyStatus,
    Verdict,
    Watch,
)
from home.models import ForumMember
from tests.brokerage.data import make_listing
from tests.factories import ForumIndexPageFactory, ForumPageFactory, UserFactory, make_site
from tests.personas import PERSONAS, client_for, make_member, make_personas

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 10)  # a Wednesday


@pytest.fixture
def personas(home_page):
    return make_personas()


@pytest.fixture
def need(personas):
    return make_listing(personas.organisation)


def as_user(name, personas):
    return client_for(name, personas)


def listing_form(**overrides):
    data = {
        "kind": "need",
        "category": "equipment",
        "title": "Folding tables for a jumble sale",
        "description": "Six tables for one Saturday.",
        "area": "north",
        "available_from": "",
        "available_until": "",
        "cost_basis": "free",
        "quantity": "6",
        "unit": "tables",
        "audience": "members",
        "members_from": "",
        "public_from": "",
    }
    data.update(overrides)
    return data


def pdf_file(name="plan.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf"
    )


# --- Who gets what: the ACCESS matrix ------------------------------------------------------


def _reply(p):
    listing = make_listing(p.organisation)
    return Reply.objects.create(
        listing=listing, user=p.other_member, organisation=p.other_organisation, message="Yes"
    )


def _match(p):
    reply = _reply(p)
    return Match.objects.create(reply=reply, listing=reply.listing)


def _members_listing(p):
    return make_listing(p.organisation, audience=Audience.MEMBERS)


def _attachment(p):
    listing = make_listing(p.organisation, audience=Audience.MEMBERS)
    attachment = listing.attachments.create(
        file=pdf_file(), original_name="plan.pdf", content_type="application/pdf", size=40
    )
    return reverse("listings:download", args=[attachment.pk])


ALL_200 = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 200)}
OWNERS = {
    "anonymous": 404,  # a members-only listing: its existence stays hidden
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}
MEMBERS_ONLY = {"anonymous": 404, **dict.fromkeys(PERSONAS[1:], 200)}

ACCESS = [
    ("the offers and needs index", lambda p: reverse("listings:index"), ALL_200),
    (
        "posting a listing (acting for an organisation)",
        lambda p: reverse("listings:create"),
        {**OWNERS, "anonymous": 302, "other_member": 200, "staff": 403},
    ),
    (
        "a members-only listing",
        lambda p: reverse("listings:detail", args=[_members_listing(p).pk]),
        MEMBERS_ONLY,
    ),
    (
        "a public listing",
        lambda p: reverse(
            "listings:detail", args=[make_listing(p.organisation, audience=Audience.PUBLIC).pk]
        ),
        ALL_200,
    ),
    (
        "a listing waiting for approval",
        lambda p: reverse(
            "listings:detail",
            args=[make_listing(p.organisation, moderation=Moderation.PENDING).pk],
        ),
        {**dict.fromkeys(PERSONAS, 404), "member": 200, "org_admin": 200, "staff": 200},
    ),
    (
        "a listing shown to its forums and clusters only",
        lambda p: reverse(
            "listings:detail", args=[make_listing(p.organisation, audience=Audience.GROUP).pk]
        ),
        {**dict.fromkeys(PERSONAS, 404), "member": 200, "org_admin": 200, "staff": 200},
    ),
    (
        "changing a listing",
        lambda p: reverse("listings:edit", args=[_members_listing(p).pk]),
        OWNERS,
    ),
    (
        "closing a listing",
        lambda p: reverse("listings:close", args=[_members_listing(p).pk]),
        OWNERS,
    ),
    (
        "the reply page of a members' listing",
        lambda p: reverse("listings:reply", args=[_members_listing(p).pk]),
        {
            "anonymous": 404,
            "volunteer": 200,
            "other_member": 200,
            "member": 403,
            "org_admin": 403,
            "staff": 403,
        },
    ),
    (
        "reporting a listing",
        lambda p: reverse("listings:report", args=[_members_listing(p).pk]),
        {"anonymous": 404, **dict.fromkeys(PERSONAS[1:], 200)},
    ),
    (
        "answering a reply",
        lambda p: reverse("listings:answer", args=[_reply(p).pk]),
        {
            "anonymous": 302,
            "volunteer": 404,
            "other_member": 403,
            "member": 200,
            "org_admin": 200,
            "staff": 200,
        },
    ),
    (
        "a match",
        lambda p: reverse("listings:match", args=[_match(p).pk]),
        {"anonymous": 302, "volunteer": 404, **dict.fromkeys(PERSONAS[2:], 200)},
    ),
    ("an attachment of a members' listing", _attachment, MEMBERS_ONLY),
    (
        "watches",
        lambda p: reverse("listings:watches"),
        {**SIGNED_IN, "staff": 403},
    ),
    (
        "stopping a member's watch",
        lambda p: reverse(
            "listings:remove_watch",
            args=[Watch.objects.create(user=p.member, category=Category.EQUIPMENT).pk],
        ),
        {
            "anonymous": 302,
            "volunteer": 404,
            "other_member": 404,
            "member": 200,
            "org_admin": 404,
            "staff": 403,
        },
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("description", "url_for", "expected"), ACCESS, ids=[row[0] for row in ACCESS]
)
def test_each_person_gets_what_the_rules_allow(personas, persona, description, url_for, expected):
    url = url_for(personas)
    response = as_user(persona, personas).get(url)
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/login/")


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


# --- Moderation ----------------------------------------------------------------------------


def test_a_new_organisations_listing_waits_for_approval_and_staff_are_told(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user("member", personas).post(
            reverse("listings:create"), listing_form(audience="public")
        )
    listing = Listing.objects.get()
    assert listing.moderation == Moderation.PENDING
    assert [m.to for m in mailoutbox] == [[personas.staff.email]]
    assert "waits for approval" in mailoutbox[0].subject
    url = reverse("listings:detail", args=[listing.pk])
    assert "Waiting for approval" in as_user("member", personas).get(url).content.decode()
    for persona in ("anonymous", "volunteer", "other_member"):
        assert as_user(persona, personas).get(url).status_code == 404
        assert (
            "Folding tables"
            not in as_user(persona, personas).get(reverse("listings:index")).content.decode()
        )


def test_staff_approve_a_listing_and_watchers_are_told(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    listing = make_listing(
        personas.organisation, moderation=Moderation.PENDING, category=Category.EQUIPMENT
    )
    Watch.objects.create(user=personas.other_member, category=Category.EQUIPMENT)
    with django_capture_on_commit_callbacks(execute=True):
        brokerage.approve_listing(listing, by=personas.staff)
    assert listing.moderation == Moderation.APPROVED
    assert [m.to for m in mailoutbox] == [[personas.other_member.email]]
    assert (
        as_user("volunteer", personas)
        .get(reverse("listings:detail", args=[listing.pk]))
        .status_code
        == 200
    )


def test_staff_reject_a_listing_and_it_stays_hidden_with_the_reason_kept(personas):
    listing = make_listing(personas.organisation, moderation=Moderation.PENDING)
    brokerage.reject_listing(listing, by=personas.staff, reason="Selling, not sharing")
    listing.refresh_from_db()
    assert listing.moderation == Moderation.REJECTED
    assert "Selling, not sharing" in listing.history.first().history_change_reason
    assert (
        as_user("volunteer", personas)
        .get(reverse("listings:detail", args=[listing.pk]))
        .status_code
        == 404
    )
    assert (
        "Not approved"
        in as_user("member", personas)
        .get(reverse("listings:detail", args=[listing.pk]))
        .content.decode()
    )


def test_anyone_signed_in_can_report_a_listing_to_staff(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("volunteer", personas).post(
            reverse("listings:report", args=[need.pk]), {"reason": "This looks like a scam"}
        )
    assert response.status_code == 302
    assert ListingReport.objects.get().reporter == personas.volunteer
    assert [m.to for m in mailoutbox] == [[personas.staff.email]]
    assert "This looks like a scam" in mailoutbox[0].body


def test_a_report_without_a_reason_is_refused(personas, need):
    response = as_user("volunteer", personas).post(
        reverse("listings:report", args=[need.pk]), {"reason": ""}
    )
    assert response.status_code == 400 and "Say what is wrong" in response.content.decode()
    assert not ListingReport.objects.exists()


# --- Replies and matches -----------------------------------------------------------------


def test_another_organisation_replies_pointing_to_its_offer_and_the_owner_is_told(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    offer = make_listing(
        personas.other_organisation, kind=ListingKind.OFFER, title="Our volunteers"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("other_member", personas).post(
            reverse("listings:reply", args=[need.pk]), {"message": "We can help", "offer": offer.pk}
        )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.organisation == personas.other_organisation and reply.offer == offer
    assert {m.to[0] for m in mailoutbox} == {personas.member.email, personas.org_admin.email}
    need.refresh_from_db()
    assert need.last_activity_at >= reply.created_at


def test_a_replier_cannot_point_to_someone_elses_offer(personas, need):
    not_theirs = make_listing(personas.organisation, kind=ListingKind.OFFER)
    response = as_user("other_member", personas).post(
        reverse("listings:reply", args=[need.pk]), {"message": "Hi", "offer": not_theirs.pk}
    )
    assert (
        response.status_code == 400
        and "Choose one of your own open offers" in response.content.decode()
    )
    assert not Reply.objects.exists()


def test_an_individual_volunteer_replies_as_themselves_and_sees_only_their_reply(personas, need):
    Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="Org reply",
    )
    as_user("volunteer", personas).post(
        reverse("listings:reply", args=[need.pk]), {"message": "I can do Saturdays"}
    )
    reply = Reply.objects.get(user=personas.volunteer)
    assert reply.organisation is None
    page = (
        as_user("volunteer", personas)
        .get(reverse("listings:detail", args=[need.pk]))
        .content.decode()
    )
    assert "I can do Saturdays" in page and "Org reply" not in page
    owner_page = (
        as_user("member", personas).get(reverse("listings:detail", args=[need.pk])).content.decode()
    )
    assert "I can do Saturdays" in owner_page and "Org reply" in owner_page


def test_the_owner_sees_how_long_each_reply_has_waited_and_which_are_overdue(personas, need):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)):  # Monday
        Reply.objects.create(listing=need, user=personas.volunteer, message="Old one")
    with time_machine.travel(datetime.datetime(2027, 3, 8, 9, tzinfo=datetime.UTC)):  # next Monday
        page = (
            as_user("member", personas)
            .get(reverse("listings:detail", args=[need.pk]))
            .content.decode()
        )
        assert "waiting 7 days" in page and "Overdue" not in page
    with time_machine.travel(datetime.datetime(2027, 3, 9, 9, tzinfo=datetime.UTC)):
        page = (
            as_user("member", personas)
            .get(reverse("listings:detail", args=[need.pk]))
            .content.decode()
        )
        assert "waiting 8 days" in page and "Overdue: more than 5 working days" in page


def test_accepting_a_reply_makes_a_match_and_promises_the_listing(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    reply = Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("member", personas).post(
            reverse("listings:answer", args=[reply.pk]), {"decision": "accept"}
        )
    match = Match.objects.get()
    assert response["Location"] == reverse("listings:match", args=[match.pk])
    reply.refresh_from_db()
    need.refresh_from_db()
    assert reply.status == ReplyStatus.ACCEPTED and reply.answered_at
    assert match.status == MatchStatus.AGREED and need.status == ListingStatus.PROMISED
    assert [m.to for m in mailoutbox] == [[personas.other_member.email]]
    assert "accepted" in mailoutbox[0].subject


def test_declining_a_reply_tells_the_replier(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    reply = Reply.objects.create(listing=need, user=personas.volunteer, message="Me")
    with django_capture_on_commit_callbacks(execute=True):
        as_user("org_admin", personas).post(
            reverse("listings:answer", args=[reply.pk]), {"decision": "decline"}
        )
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.DECLINED and not Match.objects.exists()
    assert [m.to for m in mailoutbox] == [[personas.volunteer.email]]


def test_the_replier_cannot_accept_their_own_reply(personas, need):
    reply = Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can",
    )
    response = as_user("other_member", personas).post(
        reverse("listings:answer", args=[reply.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403 and not Match.objects.exists()


def _agreed_match(personas, need):
    reply = Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can",
    )
    return brokerage.accept_reply(reply, personas.member)


def test_both_sides_mark_the_match_complete_with_hours_given(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    match = _agreed_match(personas, need)
    url = reverse("listings:match", args=[match.pk])
    as_user("member", personas).post(url, {"verdict": "completed", "hours": "6.5"})
    match.refresh_from_db()
    assert match.status == MatchStatus.AGREED and match.owner_confirmed_at
    page = as_user("member", personas).get(url).content.decode()
    assert "The match is finished when the other side answers too" in page
    with django_capture_on_commit_callbacks(execute=True):
        as_user("other_member", personas).post(
            url, {"verdict": "completed", "hours": "6.5", "items": "2"}
        )
    match.refresh_from_db()
    need.refresh_from_db()
    assert match.status == MatchStatus.COMPLETED and match.completed_at
    assert match.hours == 6.5 and match.items == 2
    assert need.status == ListingStatus.MATCHED
    assert {m.to[0] for m in mailoutbox} == {
        personas.member.email,
        personas.org_admin.email,
        personas.other_member.email,
    }


def test_a_match_either_side_calls_a_no_show_is_recorded_as_a_no_show(personas, need):
    match = _agreed_match(personas, need)
    brokerage.confirm_match(match, "owner", Verdict.NO_SHOW)
    brokerage.confirm_match(match, "responder", Verdict.COMPLETED, {"hours": 2})
    match.refresh_from_db()
    assert match.status == MatchStatus.NO_SHOW and match.completed_at


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "-1"}, "0 or more"),
        ({"items": "-3"}, "0 or more"),
        ({"money_value": "99999999999"}, "too large"),
        ({"kg_reused": "lots"}, "as a number"),
        ({"hours": "1e9"}, ""),
    ],
)
def test_match_outcomes_must_be_sensible_numbers(personas, need, data, message):
    match = _agreed_match(personas, need)
    response = as_user("member", personas).post(
        reverse("listings:match", args=[match.pk]), {"verdict": "completed", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    match.refresh_from_db()
    assert match.owner_confirmed_at is None


# --- The daily jobs ----------------------------------------------------------------------------


def test_a_reply_waiting_more_than_five_working_days_is_flagged_once(
    personas, need, mailoutbox, django_capture_on_commit_callbacks, call_command=None
):
    from django.core.management import call_command

    with time_machine.travel(datetime.datetime(2027, 3, 5, 10, tzinfo=datetime.UTC)):  # Friday
        reply = Reply.objects.create(listing=need, user=personas.volunteer, message="Hello")
    # Friday + 5 working days is the next Friday: not yet more than five.
    with time_machine.travel(datetime.datetime(2027, 3, 12, 23, tzinfo=datetime.UTC)):
        assert brokerage.flag_overdue_replies() == []
    with time_machine.travel(datetime.datetime(2027, 3, 14, 10, tzinfo=datetime.UTC)):  # Sunday
        assert brokerage.flag_overdue_replies() == []
    with time_machine.travel(datetime.datetime(2027, 3, 15, 10, tzinfo=datetime.UTC)):  # Monday
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_brokerage_jobs", stdout=io.StringIO())
        reply.refresh_from_db()
        assert reply.overdue_flagged_at
        told = {m.to[0] for m in mailoutbox}
        assert told == {personas.member.email, personas.org_admin.email, personas.staff.email}
        assert brokerage.flag_overdue_replies() == []  # only once


def test_an_answered_reply_is_never_flagged(personas, need):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC)):
        reply = Reply.objects.create(listing=need, user=personas.volunteer, message="Hello")
        brokerage.decline_reply(reply, personas.member)
    with time_machine.travel(datetime.datetime(2027, 4, 1, 10, tzinfo=datetime.UTC)):
        assert brokerage.flag_overdue_replies() == []


def test_working_days_skip_weekends():
    friday = datetime.date(2027, 3, 5)
    assert brokerage.working_days_between(friday, datetime.date(2027, 3, 7)) == 0
    assert brokerage.working_days_between(friday, datetime.date(2027, 3, 8)) == 1
    assert brokerage.working_days_between(friday, datetime.date(2027, 3, 12)) == 5


def test_an_inactive_need_is_warned_once_then_closed(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2027, 1, 1, 10, tzinfo=datetime.UTC)):
        quiet = make_listing(personas.organisation, title="Quiet need")
        offer = make_listing(personas.organisation, kind=ListingKind.OFFER, title="Quiet offer")
    with time_machine.travel(datetime.datetime(2027, 2, 22, 10, tzinfo=datetime.UTC)):  # day 52
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.inactivity_warned_at is None
    with time_machine.travel(datetime.datetime(2027, 2, 23, 10, tzinfo=datetime.UTC)):  # day 53
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
            brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.inactivity_warned_at and quiet.status == ListingStatus.OPEN
        assert len(mailoutbox) == 2  # member and org admin, once each
        assert "will close on 2 March 2027" in mailoutbox[0].subject
    with time_machine.travel(datetime.datetime(2027, 3, 2, 10, tzinfo=datetime.UTC)):  # day 60
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        offer.refresh_from_db()
        assert quiet.status == ListingStatus.CLOSED
        assert offer.status == ListingStatus.OPEN  # only needs close for inactivity


def test_a_reply_keeps_a_need_alive(personas):
    with time_machine.travel(datetime.datetime(2027, 1, 1, 10, tzinfo=datetime.UTC)):
        quiet = make_listing(personas.organisation)
    with time_machine.travel(datetime.datetime(2027, 2, 23, 10, tzinfo=datetime.UTC)):
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.inactivity_warned_at
        brokerage.reply_to(quiet, personas.volunteer, "Still need help?")
    with time_machine.travel(datetime.datetime(2027, 3, 3, 10, tzinfo=datetime.UTC)):
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.status == ListingStatus.OPEN and quiet.inactivity_warned_at is None


def test_offers_past_their_date_are_expired_by_the_daily_job(personas):
    offer = make_listing(
        personas.organisation, kind=ListingKind.OFFER, available_until=datetime.date(2027, 3, 5)
    )
    with time_machine.travel(datetime.datetime(2027, 3, 5, 22, tzinfo=datetime.UTC)):
        brokerage.run_daily_jobs()
        offer.refresh_from_db()
        assert offer.status == ListingStatus.OPEN
    with time_machine.travel(datetime.datetime(2027, 3, 6, 10, tzinfo=datetime.UTC)):
        brokerage.run_brokerage_jobs.enqueue()
        offer.refresh_from_db()
        assert offer.status == ListingStatus.EXPIRED


# --- Suggested matches and watches --------------------------------------------------------


def test_a_need_suggests_nearby_offers_in_its_category_best_words_first(personas, need):
    other = personas.other_organisation
    far_words = make_listing(
        other, kind=ListingKind.OFFER, title="Volunteers for food parcels", area=Area.SOUTH
    )
    countywide = make_listing(
        other, kind=ListingKind.OFFER, title="Helpers available", area=Area.COUNTYWIDE
    )
    near_no_words = make_listing(other, kind=ListingKind.OFFER, title="Drivers", area=Area.NORTH)
    near_words = make_listing(
        other, kind=ListingKind.OFFER, title="Food parcel volunteers", area=Area.NORTH
    )
    make_listing(other, kind=ListingKind.OFFER, category=Category.VENUES, title="Food parcel hall")
    make_listing(
        other, kind=ListingKind.OFFER, title="Closed food volunteers", status=ListingStatus.CLOSED
    )
    make_listing(
        other, kind=ListingKind.OFFER, title="Volunteers hidden", moderation=Moderation.PENDING
    )
    make_listing(personas.organisation, kind=ListingKind.OFFER, title="Our own volunteers")
    suggested = matching.suggestions_for(need, personas.member)
    assert suggested == [near_words, near_no_words, countywide, far_words]


def test_suggestions_show_only_what_the_viewer_may_see(personas):
    public_need = make_listing(personas.organisation, audience=Audience.PUBLIC)
    make_listing(
        personas.other_organisation,
        kind=ListingKind.OFFER,
        audience=Audience.MEMBERS,
        title="Members offer",
    )
    public_offer = make_listing(
        personas.other_organisation,
        kind=ListingKind.OFFER,
        audience=Audience.PUBLIC,
        title="Public offer",
    )
    assert matching.suggestions_for(public_need, None) == [public_offer]
    page = (
        as_user("anonymous", personas)
        .get(reverse("listings:detail", args=[public_need.pk]))
        .content.decode()
    )
    assert "Public offer" in page and "Members offer" not in page


def test_an_offer_suggests_the_needs_it_could_meet(personas):
    offer = make_listing(
        personas.organisation,
        kind=ListingKind.OFFER,
        title="Spare laptops",
        category=Category.EQUIPMENT,
    )
    wanted = make_listing(
        personas.other_organisation, title="Laptops wanted", category=Category.EQUIPMENT
    )
    assert matching.suggestions_for(offer, personas.member) == [wanted]


def test_members_add_and_remove_watches(personas):
    client = as_user("volunteer", personas)
    response = client.post(
        reverse("listings:watches"), {"kind": "", "category": "volunteering", "area": "north"}
    )
    assert response.status_code == 302
    watch = Watch.objects.get(user=personas.volunteer)
    assert "Volunteering time" in client.get(reverse("listings:watches")).content.decode()
    duplicate = client.post(
        reverse("listings:watches"), {"kind": "", "category": "volunteering", "area": "north"}
    )
    assert (
        duplicate.status_code == 400 and "You already watch for this" in duplicate.content.decode()
    )
    # Nobody removes someone else's watch.
    assert (
        as_user("other_member", personas)
        .post(reverse("listings:remove_watch", args=[watch.pk]))
        .status_code
        == 404
    )
    client.post(reverse("listings:remove_watch", args=[watch.pk]))
    assert not Watch.objects.exists()


def test_watchers_who_may_see_a_new_listing_are_told_but_not_the_posters_own_people(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    personas.organisation.verified_on = TODAY
    personas.organisation.save()
    Watch.objects.create(user=personas.volunteer, category=Category.EQUIPMENT, area=Area.NORTH)
    Watch.objects.create(
        user=personas.other_member, category=Category.EQUIPMENT, kind=ListingKind.NEED
    )
    Watch.objects.create(user=personas.org_admin, category=Category.EQUIPMENT)  # own organisation
    elsewhere = make_member("elsewhere", personas.other_organisation)
    Watch.objects.create(user=elsewhere, category=Category.EQUIPMENT, area=Area.SOUTH)  # other area
    offer_watcher = UserFactory(username="offers-only")
    Person.objects.create(user=offer_watcher, account_type=AccountType.VOLUNTEER)
    Watch.objects.create(user=offer_watcher, category=Category.EQUIPMENT, kind=ListingKind.OFFER)
    with django_capture_on_commit_callbacks(execute=True):
        as_user("member", personas).post(reverse("listings:create"), listing_form())
    assert {m.to[0] for m in mailoutbox} == {personas.volunteer.email, personas.other_member.email}
    assert "Folding tables" in mailoutbox[0].subject


def test_watchers_are_told_on_the_day_a_listing_widens_to_them(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    anonymous_like = UserFactory(username="resident-no-person")  # signed in, neither
    Watch.objects.create(user=anonymous_like, category=Category.EQUIPMENT)
    Watch.objects.create(user=personas.volunteer, category=Category.EQUIPMENT)
    Watch.objects.create(user=personas.other_member, category=Category.EQUIPMENT)
    make_listing(
        personas.organisation,
        kind=ListingKind.OFFER,  # an offer: no inactivity warnings in the way
        category=Category.EQUIPMENT,
        audience=Audience.GROUP,
        members_from=datetime.date(2027, 3, 10),
        public_from=datetime.date(2027, 3, 17),
    )
    with time_machine.travel(datetime.datetime(2027, 3, 9, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        assert mailoutbox == []
    with time_machine.travel(datetime.datetime(2027, 3, 10, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        told = {m.to[0] for m in mailoutbox}
        assert told == {personas.volunteer.email, personas.other_member.email}
    with time_machine.travel(datetime.datetime(2027, 3, 11, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        assert len(mailoutbox) == 2  # once each
    with time_machine.travel(datetime.datetime(2027, 3, 17, 7, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
        assert mailoutbox[-1].to == [anonymous_like.email] and len(mailoutbox) == 3


def test_watchers_outside_a_listings_audience_are_not_told(personas):
    listing = make_listing(
        personas.organisation, audience=Audience.GROUP, category=Category.EQUIPMENT
    )
    Watch.objects.create(user=personas.volunteer, category=Category.EQUIPMENT)
    assert brokerage.watchers_for(listing) == []


# --- visible_listings and can_view_listing agree -----------------------------------------------

DAYS = st.one_of(st.none(), st.integers(min_value=-5, max_value=5))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    audience=st.sampled_from(list(Audience)),
    moderation=st.sampled_from(list(Moderation)),
    members_in=DAYS,
    public_in=DAYS,
    persona=st.sampled_from(PERSONAS),
    owner=st.booleans(),
)
def test_the_list_and_the_listing_page_agree_on_who_sees_what(
    personas, audience, moderation, members_in, public_in, persona, owner
):
    def day(offset):
        return None if offset is None else TODAY + datetime.timedelta(days=offset)

    organisation = personas.organisation if owner else personas.other_organisation
    listing = make_listing(
        organisation,
        audience=audience,
        moderation=moderation,
        members_from=day(members_in),
        public_from=day(public_in),
    )
    user = personas.user(persona)
    if user is not None:
        permissions.forget(user)
    in_list = permissions.visible_listings(
        user, Listing.objects.filter(pk=listing.pk), TODAY
    ).exists()
    assert in_list == permissions.can_view_listing(user, listing, TODAY)
    listing.delete()


# --- Bad input never breaks a form ------------------------------------------------------------

TEXT = st.text(max_size=300)
FORM_VALUES = st.one_of(
    TEXT, st.integers(min_value=-(10**12), max_value=10**12).map(str), st.dates().map(str)
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from(list(listing_form())), FORM_VALUES))
def test_generated_input_never_breaks_the_listing_forms(personas, data):
    existing = make_listing(personas.organisation, title="Keep me")
    client = as_user("member", personas)
    before = Listing.objects.count()
    created = client.post(reverse("listings:create"), {**listing_form(), **data})
    assert created.status_code in (302, 400)
    assert Listing.objects.count() == before + (1 if created.status_code == 302 else 0)
    edited = client.post(reverse("listings:edit", args=[existing.pk]), {**listing_form(), **data})
    assert edited.status_code in (302, 400, 409)
    existing.refresh_from_db()
    if edited.status_code != 302:
        assert existing.title == "Keep me"
    Listing.objects.all().delete()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(message=TEXT, offer=FORM_VALUES, reason=TEXT)
def test_generated_input_never_breaks_the_reply_and_report_forms(personas, message, offer, reason):
    need = make_listing(personas.organisation)
    earlier = Reply.objects.create(listing=need, user=personas.volunteer, message="Earlier reply")
    response = as_user("other_member", personas).post(
        reverse("listings:reply", args=[need.pk]), {"message": message, "offer": offer}
    )
    assert response.status_code in (302, 400)
    assert Reply.objects.filter(pk=earlier.pk, message="Earlier reply").exists()
    report = as_user("volunteer", personas).post(
        reverse("listings:report", args=[need.pk]), {"reason": reason}
    )
    assert report.status_code in (302, 400)
    Listing.objects.all().delete()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    verdict=st.one_of(st.sampled_from(["completed", "no-show"]), TEXT),
    values=st.dictionaries(
        st.sampled_from(["hours", "items", "money_value", "kg_reused"]),
        st.one_of(
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.integers(min_value=-(10**15), max_value=10**15).map(str),
            TEXT,
        ),
    ),
)
def test_generated_input_never_breaks_the_match_form(personas, verdict, values):
    need = make_listing(personas.organisation)
    match = _agreed_match(personas, need)
    brokerage.confirm_match(match, "owner", Verdict.COMPLETED, {"hours": 3})
    response = as_user("other_member", personas).post(
        reverse("listings:match", args=[match.pk]), {"verdict": verdict, **values}
    )
    assert response.status_code in (302, 400)
    match.refresh_from_db()
    assert match.owner_confirmed_at and match.owner_verdict == Verdict.COMPLETED
    if response.status_code == 400:
        assert match.hours == 3 and match.status == MatchStatus.AGREED
    Listing.objects.all().delete()


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
