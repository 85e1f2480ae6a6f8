"""Organisations: the directory, profiles, registering, joining and managing members."""

import datetime
import io
import re

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

from consortium.brokerage.responsiveness import responsiveness
from consortium.models import (
    Area,
    Audience,
    Category,
    LegalForm,
    Listing,
    ListingKind,
    Match,
    MatchStatus,
    Membership,
    MembershipStatus,
    Moderation,
    Organisation,
    Person,
    Reply,
    ReplyStatus,
    Role,
    Theme,
)
from consortium.organisations import identifiers, memberships
from home.models import ClusterMember, ForumMember
from tests.factories import UserFactory
from tests.personas import PERSONAS, client_for, make_member, make_personas
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db


def png_bytes():
    data = io.BytesIO()
    PILImage.new("RGB", (4, 4), "teal").save(data, format="PNG")
    return data.getvalue()


@pytest.fixture
def site():
    return CommunitySite()


@pytest.fixture
def p(site):
    return make_personas()


def url(name, organisation=None, **kwargs):
    if organisation is not None:
        kwargs["slug"] = organisation.slug
    return reverse(f"organisations:{name}", kwargs=kwargs)


def private_organisation(p):
    organisation = p.other_organisation
    organisation.is_public = False
    organisation.save()
    return organisation


# --- who may open each page -----------------------------------------------------------------

SIGN_IN = 302
ALL_200 = dict.fromkeys(PERSONAS, 200)
MEMBERS_ONLY = {
    "anonymous": SIGN_IN,
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}
ADMINS_ONLY = {**MEMBERS_ONLY, "member": 403}

ACCESS = [
    ("the directory", lambda p: url("directory"), ALL_200),
    ("a public profile", lambda p: url("profile", p.organisation), ALL_200),
    (
        "a private profile",
        lambda p: url("profile", private_organisation(p)),
        {**ALL_200, "anonymous": 404},
    ),
    (
        "registering an organisation",
        lambda p: url("register"),
        {**ALL_200, "anonymous": SIGN_IN},
    ),
    ("editing the profile", lambda p: url("edit", p.organisation), ADMINS_ONLY),
    (
        "asking to join",
        lambda p: url("join", p.organisation),
        {**ALL_200, "anonymous": SIGN_IN, "member": 403, "org_admin": 403},
    ),
    ("the members page", lambda p: url("members", p.organisation), ADMINS_ONLY),
    ("the document vault", lambda p: url("documents", p.organisation), MEMBERS_ONLY),
    ("adding a document", lambda p: url("document_add", p.organisation), MEMBERS_ONLY),
    (
        "replacing a document",
        lambda p: url("document_replace", p.organisation, pk=vault_document(p).pk),
        MEMBERS_ONLY,
    ),
    (
        "deleting a document",
        lambda p: url("document_delete", p.organisation, pk=vault_document(p).pk),
        MEMBERS_ONLY,
    ),
    (
        "downloading a document",
        lambda p: url("document_download", p.organisation, pk=vault_document(p).pk),
        MEMBERS_ONLY,
    ),
]


def vault_document(p):
    from consortium.models import DocumentKind, OrganisationDocument

    document = OrganisationDocument(
        organisation=p.organisation, kind=DocumentKind.SAFEGUARDING, title="Safeguarding policy"
    )
    document.file.save("safeguarding.txt", SimpleUploadedFile("s.txt", b"Our policy"), save=False)
    document.original_name = "safeguarding.txt"
    document.content_type = "text/plain"
    document.save()
    return document


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("description", "build_url", "expected"), ACCESS, ids=[row[0] for row in ACCESS]
)
def test_who_may_open_each_organisation_page(p, persona, description, build_url, expected):
    response = client_for(persona, p).get(build_url(p))
    assert response.status_code == expected[persona], description
    if expected[persona] == SIGN_IN:
        assert response["Location"].startswith(reverse("login"))


# --- identifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("normalise", "typed", "stored"),
    [
        (identifiers.normalise_charity_number, "1090095", "1090095"),
        (identifiers.normalise_charity_number, " 109 0095 ", "1090095"),
        (identifiers.normalise_charity_number, "209631", "209631"),
        (identifiers.normalise_oscr_number, "SC007427", "SC007427"),
        (identifiers.normalise_oscr_number, "sc 007427", "SC007427"),
        (identifiers.normalise_oscr_number, "007427", "SC007427"),
        (identifiers.normalise_ccni_number, "NIC100012", "100012"),
        (identifiers.normalise_ccni_number, "nic 100012", "100012"),
        (identifiers.normalise_ccni_number, "100012", "100012"),
        (identifiers.normalise_company_number, "08255580", "08255580"),
        (identifiers.normalise_company_number, "8255580", "08255580"),
        (identifiers.normalise_company_number, "sc123456", "SC123456"),
        (identifiers.normalise_company_number, "01234567", "01234567"),
        (identifiers.normalise_postcode, "sw1a1aa", "SW1A 1AA"),
        (identifiers.normalise_postcode, " M1  1AE ", "M1 1AE"),
        (identifiers.normalise_postcode, "EH1 1YZ", "EH1 1YZ"),
    ],
)
def test_numbers_and_postcodes_are_stored_one_way_however_typed(normalise, typed, stored):
    assert normalise(typed) == stored


@pytest.mark.parametrize(
    ("normalise", "typed"),
    [
        (identifiers.normalise_charity_number, "12345"),
        (identifiers.normalise_charity_number, "12345678"),
        (identifiers.normalise_charity_number, "ABC1234"),
        (identifiers.normalise_oscr_number, "SC12345"),
        (identifiers.normalise_oscr_number, "NI007427"),
        (identifiers.normalise_ccni_number, "NIC12345"),
        (identifiers.normalise_ccni_number, "SC100012"),
        (identifiers.normalise_company_number, "123456789"),
        (identifiers.normalise_company_number, "ABC12345"),
        (identifiers.normalise_postcode, "SW1A"),
        (identifiers.normalise_postcode, "12345"),
        (identifiers.normalise_postcode, "QQ1 1AA"),
    ],
)
def test_bad_numbers_and_postcodes_are_refused_with_an_example(normalise, typed):
    with pytest.raises(ValidationError) as error:
        normalise(typed)
    assert "like" in error.value.messages[0]


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ({"charity_number": "1090095"}, "GB-CHC-1090095"),
        ({"oscr_number": "SC007427"}, "GB-SC-SC007427"),
        ({"ccni_number": "100012"}, "GB-NIC-100012"),
        ({"company_number": "08255580"}, "GB-COH-08255580"),
        ({"charity_number": "1090095", "company_number": "08255580"}, "GB-CHC-1090095"),
        ({}, ""),
    ],
)
def test_the_org_id_comes_from_the_registration_numbers(numbers, expected):
    assert identifiers.org_id(**numbers) == expected


# --- the directory ---------------------------------------------------------------------------


def test_directory_shows_name_org_id_area_and_the_verified_date(client, p):
    p.organisation.verified_on = datetime.date(2026, 3, 14)
    p.organisation.area = Area.NORTH
    p.organisation.save()
    html = client.get(url("directory")).content.decode()
    assert "Fernlea Food Bank" in html
    assert "GB-CHC-1090095" in html
    assert "North" in html
    assert "Verified</strong> on 14 March 2026" in html
    # The other organisation has not been verified: only one tag.
    assert html.count(">Verified<") == 1


def test_private_profiles_are_listed_only_for_signed_in_members(p):
    private_organisation(p)
    assert "Quarry Hill" not in client_for("anonymous", p).get(url("directory")).content.decode()
    for persona in ("volunteer", "member", "staff"):
        assert "Quarry Hill" in client_for(persona, p).get(url("directory")).content.decode()


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("?area=north", "Fernlea Food Bank", "Quarry Hill"),
        ("?legal_form=cic", "Quarry Hill", "Fernlea Food Bank"),
        ("?theme=food", "Fernlea Food Bank", "Quarry Hill"),
        ("?q=Quarry", "Quarry Hill", "Fernlea Food Bank"),
        ("?q=parcels", "Fernlea Food Bank", "Quarry Hill"),
    ],
)
def test_directory_filters_and_search(client, p, query, found, not_found):
    p.organisation.area = Area.NORTH
    p.organisation.description = "Emergency food parcels for families"
    p.organisation.save()
    p.organisation.themes.add(Theme.objects.create(name="Food", slug="food"))
    html = client.get(url("directory") + query).content.decode()
    assert found in html
    assert not_found not in html


def test_directory_filters_by_forum_and_by_cluster(client, site, p):
    forum = site.forum(title="Food Forum")
    cluster = site.cluster(title="Youth Cluster")
    ForumMember.objects.create(page=forum, organisation=p.organisation)
    ClusterMember.objects.create(page=cluster, organisation=p.other_organisation)
    html = client.get(url("directory") + f"?forum={forum.pk}").content.decode()
    assert "Fernlea Food Bank" in html and "Quarry Hill" not in html
    html = client.get(url("directory") + f"?cluster={cluster.pk}").content.decode()
    assert "Quarry Hill" in html and "Fernlea Food Bank" not in html


def test_a_forum_gains_its_first_member_and_is_offered_in_the_directory_filter_at_once(
    client, site, p
):
    forum = site.forum(title="Food Forum")
    before = client.get(url("directory")).content.decode()
    assert f'<option value="{forum.pk}">Food Forum</option>' not in before
    ForumMember.objects.create(page=forum, organisation=p.organisation)
    after = client.get(url("directory") + f"?forum={forum.pk}").content.decode()
    assert f'<option value="{forum.pk}" selected>Food Forum</option>' in after
    assert '<option value="">Any</option>' in after  # the forum's "Any" is no longer chosen


def test_directory_is_paginated(client, p):
    for n in range(25):
        Organisation.objects.create(name=f"Aardvark Trust {n:02}")
    first = client.get(url("directory")).content.decode()
    assert "Aardvark Trust 00" in first and "Fernlea" not in first
    assert 'aria-label="Page 2"' in first
    second = client.get(url("directory") + "?page=2").content.decode()
    assert "Fernlea Food Bank" in second


def test_directory_count_is_kept_until_an_organisation_changes(client, p):
    def heading():
        page = client.get(url("directory")).content.decode()
        return re.search(r'<h2 class="govuk-heading-m">(\d+) organisations?', page).group(1)

    before = int(heading())
    with CaptureQueriesContext(connection) as counted:
        assert int(heading()) == before
    assert not any("COUNT(" in q["sql"] for q in counted.captured_queries)

    Organisation.objects.create(name="Zephyr Community Shop")
    assert int(heading()) == before + 1


# --- the profile -----------------------------------------------------------------------------


def listing(organisation, title, kind=ListingKind.OFFER, **fields):
    return Listing.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        category=Category.EQUIPMENT,
        description="Details",
        **{"audience": Audience.PUBLIC, **fields},
    )


def test_profile_shows_the_details_a_partner_checks(client, site, p):
    organisation = p.organisation
    organisation.description = "We run a food bank."
    organisation.locality = "Fernlea"
    organisation.website = "https://fernlea.example"
    organisation.verified_on = datetime.date(2025, 1, 2)
    organisation.save()
    organisation.themes.add(Theme.objects.create(name="Food poverty", slug="food"))
    ForumMember.objects.create(page=site.forum(title="Food Forum"), organisation=organisation)
    ClusterMember.objects.create(
        page=site.cluster(title="North Cluster"), organisation=organisation
    )
    html = client.get(url("profile", organisation)).content.decode()
    for text in (
        "We run a food bank.",
        "Registered charity",
        "GB-CHC-1090095",
        "1090095",
        "SW1A 1AA",
        "https://fernlea.example",
        "Food poverty",
        "Food Forum",
        "North Cluster",
        "Verified on 2 January 2025",
        f"Last updated {timezone.localdate():%-d %B %Y}",
    ):
        assert text in html, text


def test_profile_never_confuses_last_updated_with_verified(client, p):
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "Not verified yet" in html
    assert "Verified on" not in html
    assert "Last updated" in html


def test_profile_lists_only_the_offers_and_needs_the_visitor_may_see(client, p):
    listing(p.organisation, "Folding tables")
    listing(p.organisation, "Van driver", kind=ListingKind.NEED)
    listing(p.organisation, "Members-only minibus", audience=Audience.MEMBERS)
    listing(p.organisation, "Closed chairs", status="closed")
    listing(p.organisation, "Unapproved urn", moderation=Moderation.PENDING)
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "Folding tables" in html and "Van driver" in html
    assert "Members-only minibus" not in html
    assert "Closed chairs" not in html and "Unapproved urn" not in html
    member_html = client_for("other_member", p).get(url("profile", p.organisation))
    assert "Members-only minibus" in member_html.content.decode()


def answered_reply(offer, user, waited, status=ReplyStatus.ACCEPTED):
    reply = Reply.objects.create(listing=offer, user=user, message="Yes please", status=status)
    created = timezone.now() - datetime.timedelta(days=10)
    Reply.objects.filter(pk=reply.pk).update(created_at=created, answered_at=created + waited)
    return reply


def test_responsiveness_is_the_median_wait_and_the_share_of_matches_completed(p):
    offer = listing(p.organisation, "Gazebo")
    hours = datetime.timedelta(hours=1)
    replies = [
        answered_reply(offer, p.other_member, waited)
        for waited in (2 * hours, 5 * hours, 30 * hours)
    ]
    Reply.objects.create(listing=offer, user=p.volunteer, message="Still waiting")
    for reply, status in zip(
        replies, [MatchStatus.COMPLETED, MatchStatus.COMPLETED, MatchStatus.NO_SHOW], strict=True
    ):
        Match.objects.create(reply=reply, listing=offer, status=status)
    other_offer = listing(p.organisation, "Urn")
    Match.objects.create(
        reply=Reply.objects.create(listing=other_offer, user=p.volunteer, message="Me"),
        listing=other_offer,
        status=MatchStatus.AGREED,
    )
    figures = responsiveness(p.organisation)
    assert figures.median_first_reply == 5 * hours
    assert figures.answered == 3
    assert (figures.matches_completed, figures.matches_finished) == (2, 3)
    assert figures.completed_share == 67


def test_responsiveness_of_a_new_organisation_says_there_is_nothing_yet(client, p):
    figures = responsiveness(p.organisation)
    assert figures.median_first_reply is None and figures.completed_share is None
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "No replies answered yet" in html and "No finished matches yet" in html


def test_profile_shows_responsiveness_in_plain_words(client, p):
    offer = listing(p.organisation, "Gazebo")
    reply = answered_reply(offer, p.other_member, datetime.timedelta(hours=3))
    Match.objects.create(reply=reply, listing=offer, status=MatchStatus.COMPLETED)
    html = client.get(url("profile", p.organisation)).content.decode()
    assert "3 hours (the median over 1 answered reply)" in html
    assert "100% (1 of 1 finished match)" in html


def test_responsiveness_costs_two_queries_however_many_replies(p, django_assert_num_queries):
    offer = listing(p.organisation, "Gazebo")
    for _ in range(20):
        answered_reply(offer, p.other_member, datetime.timedelta(hours=2))
    with django_assert_num_queries(2):
        responsiveness(p.organisation)


# --- query counts ------------------------------------------------------------------------------


def page_queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context)


def grow(p, site, count, start):
    forum = site.forum(title=f"Forum {start}")
    theme = Theme.objects.create(name=f"Theme {start}", slug=f"theme-{start}")
    for n in range(start, start + count):
        organisation = Organisation.objects.create(
            name=f"Group {n:03}", charity_number=f"{1000000 + n}", verified_on="2026-01-01"
        )
        organisation.themes.add(theme)
        ForumMember.objects.create(page=forum, organisation=organisation)
        ForumMember.objects.create(page=site.forum(title=f"F {n}"), organisation=p.organisation)
        p.organisation.themes.add(Theme.objects.create(name=f"T {n}", slug=f"t-{n}"))
        offer = listing(p.organisation, f"Offer {n}")
        listing(p.organisation, f"Need {n}", kind=ListingKind.NEED)
        reply = answered_reply(offer, p.other_member, datetime.timedelta(hours=n))
        Match.objects.create(reply=reply, listing=offer, status=MatchStatus.COMPLETED)


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_directory_and_profile_queries_stay_constant_as_data_grows(
    site, p, persona, django_assert_max_num_queries
):
    client = client_for(persona, p)
    p.organisation.logo = wagtail_factories.ImageFactory()
    p.organisation.save()
    grow(p, site, 3, 0)
    pages = [url("directory"), url("profile", p.organisation)]
    few = [page_queries(client, page) for page in pages]
    grow(p, site, 30, 100)
    many = [page_queries(client, page) for page in pages]
    assert many == few
    with django_assert_max_num_queries(30):
        client.get(url("directory") + "?q=Group&area=countywide")
    with django_assert_max_num_queries(30):
        client.get(url("profile", p.organisation))


# --- registering ---------------------------------------------------------------------------------


def registration(**fields):
    return {
        "name": "Hillside Men's Shed",
        "legal_form": LegalForm.REGISTERED_CHARITY,
        "charity_number": "",
        "oscr_number": "",
        "ccni_number": "",
        "company_number": "",
        "income_band": "",
        "short_description": "A workshop for older men",
        "description": "",
        "website": "",
        "area": Area.RURAL,
        "locality": "Hillside",
        "postcode": "",
        "is_public": "on",
        **fields,
    }


def test_registering_makes_you_its_admin_acting_for_it_and_tells_staff(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(username="new-founder", email="founder@example.org")
    client = client_for("anonymous", p)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("register"),
            registration(charity_number=" 109 0096 ", postcode="hs1 2ab"),
        )
    organisation = Organisation.objects.get(name="Hillside Men's Shed")
    assert response.status_code == 302
    assert response["Location"] == url("profile", organisation)
    assert organisation.charity_number == "1090096"
    assert organisation.org_id == "GB-CHC-1090096"
    assert organisation.postcode == "HS1 2AB"
    assert organisation.verified_on is None
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert (membership.role, membership.status) == (Role.ADMIN, MembershipStatus.APPROVED)
    assert Person.objects.get(user=user).acting_for == organisation
    assert [m.to for m in mailoutbox] == [[p.staff.email]]
    assert "New organisation registered: Hillside Men's Shed" in mailoutbox[0].subject
    assert "GB-CHC-1090096" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"charity_number": "12345"}, "charity_number", "6 or 7 digits"),
        ({"charity_number": ""}, "charity_number", "needs it"),
        (
            {"legal_form": LegalForm.SCIO, "oscr_number": "SC12"},
            "oscr_number",
            "SC and 6 digits",
        ),
        (
            {"legal_form": LegalForm.CIC, "company_number": "ABC123456"},
            "company_number",
            "8 characters",
        ),
        ({"legal_form": LegalForm.UNINCORPORATED, "ccni_number": "NIC1"}, "ccni_number", "NIC"),
        (
            {"legal_form": LegalForm.UNINCORPORATED, "postcode": "NOT A PC"},
            "postcode",
            "UK postcode",
        ),
        ({"legal_form": LegalForm.UNINCORPORATED, "name": "!!!"}, "name", "letters or numbers"),
        ({"legal_form": LegalForm.UNINCORPORATED, "name": "Register"}, "name", "different name"),
    ],
)
def test_bad_numbers_and_postcodes_are_shown_on_the_field_they_belong_to(p, fields, field, message):
    client = client_for("volunteer", p)
    response = client.post(url("register"), registration(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "govuk-error-summary" in html and f'href="#id_{field}"' in html
    assert not Organisation.objects.filter(name="Hillside Men's Shed").exists()


def test_registering_a_name_taken_by_another_organisation_is_refused(p):
    response = client_for("volunteer", p).post(
        url("register"), registration(name="Fernlea food bank!", legal_form="unincorporated")
    )
    assert "very similar name" in " ".join(response.context["form"].errors["name"])


# --- joining and deciding -------------------------------------------------------------------------


def test_asking_to_join_tells_the_admins_and_they_approve(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    asker = UserFactory(username="asker", email="asker@example.org")
    client = client_for("anonymous", p)
    client.force_login(asker, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("join", p.organisation), {"message": "I run the Tuesday session"})
    membership = Membership.objects.get(user=asker)
    assert membership.status == MembershipStatus.REQUESTED
    assert [m.to for m in mailoutbox] == [[p.org_admin.email]]
    assert "I run the Tuesday session" in mailoutbox[0].body
    assert url("members", p.organisation) in mailoutbox[0].body

    admin = client_for("org_admin", p)
    page = admin.get(url("members", p.organisation)).content.decode()
    assert "I run the Tuesday session" in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            url("members", p.organisation), {"membership": membership.pk, "action": "approve"}
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert [m.to for m in mailoutbox] == [["asker@example.org"]]
    assert "is approved" in mailoutbox[0].subject


def test_a_declined_person_is_told_and_is_not_a_member(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    asker = UserFactory(username="asker")
    membership, _ = memberships.ask_to_join(asker, p.organisation, "hello")
    with django_capture_on_commit_callbacks(execute=True):
        client_for("staff", p).post(
            url("members", p.organisation), {"membership": membership.pk, "action": "decline"}
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert "declined" in mailoutbox[-1].subject


def test_join_requests_go_to_staff_when_an_organisation_has_no_admin(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    asker = UserFactory(username="asker")
    with django_capture_on_commit_callbacks(execute=True):
        memberships.ask_to_join(asker, p.other_organisation, "")
    assert [m.to for m in mailoutbox] == [[p.staff.email]]


def test_asking_twice_does_not_ask_again(p, mailoutbox, django_capture_on_commit_callbacks):
    asker = UserFactory(username="asker")
    with django_capture_on_commit_callbacks(execute=True):
        memberships.ask_to_join(asker, p.organisation, "")
        _membership, asked = memberships.ask_to_join(asker, p.organisation, "")
    assert asked is False and len(mailoutbox) == 1


def test_a_member_of_another_organisation_cannot_approve_requests_here(p):
    asker = UserFactory(username="asker")
    membership, _ = memberships.ask_to_join(asker, p.organisation, "")
    response = client_for("other_member", p).post(
        url("members", p.organisation), {"membership": membership.pk, "action": "approve"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_admins_change_roles_and_remove_people(p):
    admin = client_for("org_admin", p)
    member = Membership.objects.get(user=p.member)
    admin.post(url("members", p.organisation), {"membership": member.pk, "action": "make-admin"})
    member.refresh_from_db()
    assert member.role == Role.ADMIN
    admin.post(url("members", p.organisation), {"membership": member.pk, "action": "remove"})
    member.refresh_from_db()
    assert member.status == MembershipStatus.LEFT
    assert client_for("member", p).get(url("documents", p.organisation)).status_code == 403


def test_the_last_admin_cannot_step_down_or_be_removed(p):
    admin = client_for("org_admin", p)
    own = Membership.objects.get(user=p.org_admin)
    for action in ("make-member", "remove"):
        response = admin.post(
            url("members", p.organisation), {"membership": own.pk, "action": action}, follow=True
        )
        assert "must keep at least one organisation admin" in response.content.decode()
        own.refresh_from_db()
        assert (own.role, own.status) == (Role.ADMIN, MembershipStatus.APPROVED)


def test_an_admin_may_step_down_once_someone_else_is_admin(p):
    second = make_member("second-admin", p.organisation, Role.ADMIN)
    own = Membership.objects.get(user=p.org_admin)
    memberships.change_role(own, Role.MEMBER, by=p.org_admin)
    own.refresh_from_db()
    assert own.role == Role.MEMBER
    with pytest.raises(memberships.LastAdminError):
        memberships.remove(Membership.objects.get(user=second), by=second)


# --- editing the profile -------------------------------------------------------------------


def edit_data(client, organisation, **changes):
    form = client.get(url("edit", organisation)).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "themes":
            data[name] = [t.pk for t in value or []]
        elif name in ("is_public", "remove_logo"):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data.pop("logo_upload", None)
    data.update(changes)
    return data


def test_an_admin_edits_the_profile_and_uploads_a_logo(p):
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, description="Now open on Saturdays")
    data["logo_upload"] = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(url("edit", p.organisation), data)
    assert response.status_code == 302
    p.organisation.refresh_from_db()
    assert p.organisation.description == "Now open on Saturdays"
    assert p.organisation.logo.title == "Fernlea Food Bank logo"
    html = client.get(url("profile", p.organisation)).content.decode()
    assert 'alt="Fernlea Food Bank logo"' in html


def test_a_damaged_image_as_logo_is_refused_on_the_form(p):
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, description="Changed")
    data["logo_upload"] = SimpleUploadedFile("logo.png", png_bytes()[:40])
    response = client.post(url("edit", p.organisation), data)
    assert response.status_code == 200
    assert "could not be read as an image" in " ".join(
        response.context["form"].errors["logo_upload"]
    )
    p.organisation.refresh_from_db()
    assert p.organisation.description == "" and p.organisation.logo is None


def test_a_logo_that_is_not_an_image_is_refused_on_the_form(p):
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, description="Changed")
    data["logo_upload"] = SimpleUploadedFile("logo.png", b"<html><script>1</script>")
    response = client.post(url("edit", p.organisation), data)
    assert "not a real .png file" in " ".join(response.context["form"].errors["logo_upload"])
    p.organisation.refresh_from_db()
    assert p.organisation.description == "" and p.organisation.logo is None


def test_saving_over_someone_elses_newer_save_is_refused_and_keeps_your_input(p):
    admin = client_for("org_admin", p)
    mine = edit_data(admin, p.organisation, description="My careful description")
    theirs = edit_data(client_for("staff", p), p.organisation, locality="Staff edit")
    assert client_for("staff", p).post(url("edit", p.organisation), theirs).status_code == 302

    response = admin.post(url("edit", p.organisation), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this profile after you opened it" in html
    assert "My careful description" in html
    p.organisation.refresh_from_db()
    assert p.organisation.locality == "Staff edit"
    assert p.organisation.description == ""

    # Saving again, having seen the warning, replaces their version on purpose.
    again = {**mine, "version": response.context["form"].data["version"]}
    assert admin.post(url("edit", p.organisation), again).status_code == 302
    p.organisation.refresh_from_db()
    assert p.organisation.description == "My careful description"


def test_editing_never_changes_the_verified_date(p):
    p.organisation.verified_on = datetime.date(2026, 1, 5)
    p.organisation.save()
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, verified_on="2030-01-01", description="x")
    client.post(url("edit", p.organisation), data)
    p.organisation.refresh_from_db()
    assert p.organisation.verified_on == datetime.date(2026, 1, 5)


# --- generated input -------------------------------------------------------------------------

TEXT = st.text(max_size=300)
FIELD_VALUES = st.fixed_dictionaries(
    {
        "name": TEXT,
        "legal_form": st.sampled_from([*LegalForm.values, "nonsense", ""]),
        "charity_number": TEXT,
        "oscr_number": TEXT,
        "ccni_number": TEXT,
        "company_number": TEXT,
        "income_band": st.sampled_from(["", "under-10k", "lots"]),
        "short_description": st.one_of(TEXT, st.just("<script>alert(1)</script>")),
        "description": TEXT,
        "website": st.one_of(TEXT, st.just("javascript:alert(1)")),
        "area": st.sampled_from([*Area.values, "moon"]),
        "locality": TEXT,
        "postcode": TEXT,
        "themes": st.sampled_from([[], ["999999"], ["x"]]),
    }
)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(data=FIELD_VALUES)
def test_generated_registrations_never_break_the_form_or_other_organisations(p, data):
    before = list(Organisation.objects.order_by("pk").values())
    response = client_for("volunteer", p).post(url("register"), data)
    assert response.status_code in (200, 302)
    after = list(Organisation.objects.order_by("pk").values())
    assert after[: len(before)] == before
    if response.status_code == 200:
        assert len(after) == len(before)
    else:
        Organisation.objects.filter(pk__gt=before[-1]["id"]).delete()


@HYPOTHESIS
@given(data=FIELD_VALUES)
def test_generated_profile_edits_never_break_the_form_or_lose_the_profile(p, data):
    client = client_for("org_admin", p)
    saved = Organisation.objects.filter(pk=p.organisation.pk).values().get()
    posted = {**edit_data(client, p.organisation), **data}
    response = client.post(url("edit", p.organisation), posted)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Organisation.objects.filter(pk=p.organisation.pk).values().get() == saved
    else:
        Organisation.objects.filter(pk=p.organisation.pk).update(
            **{k: v for k, v in saved.items() if k != "id"}
        )


# --- valid HTML -------------------------------------------------------------------------------


def test_every_organisation_page_and_form_answer_is_valid_html(site, p, tmp_path):
    from tests.organisations.test_vault import upload
    from tests.platform.test_valid_html import validate

    ForumMember.objects.create(page=site.forum(title="Food Forum"), organisation=p.organisation)
    p.organisation.themes.add(Theme.objects.create(name="Food", slug="food"))
    p.organisation.verified_on = datetime.date(2026, 1, 2)
    p.organisation.save()
    listing(p.organisation, "Folding tables")
    memberships.ask_to_join(UserFactory(username="asker"), p.organisation, "<b>hi</b>")
    admin = client_for("org_admin", p)
    upload(admin, p)
    document = p.organisation.documents.get()
    answers = {
        "directory": client_for("anonymous", p).get(url("directory") + "?q=food&area=north"),
        "profile": admin.get(url("profile", p.organisation)),
        "register with errors": admin.post(url("register"), registration(charity_number="1")),
        "edit": admin.get(url("edit", p.organisation)),
        "edit with errors": admin.post(url("edit", p.organisation), {"name": ""}),
        "join": client_for("other_member", p).get(url("join", p.organisation)),
        "members": admin.get(url("members", p.organisation)),
        "documents": admin.get(url("documents", p.organisation)),
        "document with errors": admin.post(url("document_add", p.organisation), {}),
        "replace": admin.get(url("document_replace", p.organisation, pk=document.pk)),
        "delete": admin.get(url("document_delete", p.organisation, pk=document.pk)),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index


@pytest.mark.parametrize(
    "query",
    ['"', "AND OR (", "*", "<script>alert(1)</script>", "x" * 300, "?page=999", "?page=x"],
)
def test_odd_searches_and_pages_in_the_directory_never_fail(client, p, query):
    address = url("directory") + (query if query.startswith("?") else "?q=" + query)
    response = client.get(address)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
