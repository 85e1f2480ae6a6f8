"""Offers and needs at /resources/: who gets what (the ACCESS matrix), and the list and
the listing page agreeing on who sees a listing."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium import permissions
from consortium.models import (
    Audience,
    Category,
    Listing,
    Match,
    MatchSide,
    Message,
    Moderation,
    Reply,
    Watch,
)
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import TODAY, as_user, pdf_file
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db


# --- Who gets what: the ACCESS matrix ------------------------------------------------------


def _reply(p):
    listing = make_listing(p.organisation)
    return Reply.objects.create(
        listing=listing, user=p.other_member, organisation=p.other_organisation, message="Yes"
    )


def _match(p):
    reply = _reply(p)
    return Match.objects.create(reply=reply, listing=reply.listing)


def _message_file(p):
    reply = _reply(p)
    message = Message.objects.create(
        reply=reply, author=p.member, side=MatchSide.OWNER, text="The plan, attached"
    )
    message.file.save("plan.pdf", pdf_file(), save=True)
    return reverse("listings:message_file", args=[message.pk])


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
        "a file sent in a conversation (the two sides only)",
        _message_file,
        {**dict.fromkeys(PERSONAS, 404), "other_member": 200, "member": 200, "org_admin": 200},
    ),
    # Sending a message and reporting a conversation are forms on the reply's page (POST
    # only): opening their addresses is refused with 405 for everyone.
    (
        "sending a message (a form)",
        lambda p: reverse("listings:send_message", args=[_reply(p).pk]),
        dict.fromkeys(PERSONAS, 405),
    ),
    (
        "reporting a conversation (a form)",
        lambda p: reverse("listings:report_conversation", args=[_reply(p).pk]),
        dict.fromkeys(PERSONAS, 405),
    ),
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
            "other_member": 200,  # the replier reads and writes the reply's conversation
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
