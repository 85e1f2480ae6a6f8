"""Brokerage staff in the Wagtail admin: who reaches the staff pages (the ACCESS matrix),
and editors and moderators kept out of the Brokerage menu."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consortium.models import ConversationReport, ListingReport, Moderation, OrgIdDispute, Reply
from consortium.permissions import BROKERAGE_GROUP
from tests.factories import UserFactory
from tests.personas import PERSONAS, client_for
from tests.staff.helpers import BROKERAGE_LISTS, history_url, index_url, inspect_url, listing

pytestmark = pytest.mark.django_db


def editorial(username, group):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


# --- who gets what ----------------------------------------------------------------------------

ADMIN_SIGN_IN = 302  # Wagtail sends people without admin access to its sign-in page
STAFF_ONLY = {
    "anonymous": ADMIN_SIGN_IN,
    "volunteer": ADMIN_SIGN_IN,
    "other_member": ADMIN_SIGN_IN,
    "member": ADMIN_SIGN_IN,
    "org_admin": ADMIN_SIGN_IN,
    "staff": 200,
}

STAFF_POST_ONLY = {**STAFF_ONLY, "staff": 405}


def waiting_listing(p):
    return listing(p.organisation, title="Waiting", moderation=Moderation.PENDING)


def open_report(p):
    return ListingReport.objects.create(
        listing=listing(p.organisation, title="Reported"), reason="Check it"
    )


def reported_conversation(p):
    reply = Reply.objects.create(
        listing=listing(p.organisation, title="Talked about"),
        user=p.other_member,
        organisation=p.other_organisation,
        message="Can we help?",
    )
    return ConversationReport.objects.create(reply=reply, reporter=p.member, reason="Rude")


def open_dispute(p):
    return OrgIdDispute.objects.create(
        org_id=p.organisation.org_id,
        holder=p.organisation,
        claimant_name="A copy of the member's organisation",
        reason="The number is ours",
    )


ACCESS = [
    ("moderation queue", lambda p: reverse("consortium_staff:moderation"), STAFF_ONLY),
    ("org-id disputes", lambda p: reverse("consortium_staff:org_id_disputes"), STAFF_ONLY),
    (
        "resolve a reported conversation (a button)",
        lambda p: reverse(
            "consortium_staff:resolve_conversation_report", args=[reported_conversation(p).pk]
        ),
        STAFF_POST_ONLY,
    ),
    (
        "decide an org-id dispute (a button)",
        lambda p: reverse("consortium_staff:decide_org_id_dispute", args=[open_dispute(p).pk]),
        STAFF_POST_ONLY,
    ),
    ("history of an organisation", lambda p: history_url(p.organisation), STAFF_ONLY),
    (
        "restore confirmation",
        lambda p: reverse(
            "consortium_staff:restore",
            args=[
                "consortium",
                "organisation",
                p.organisation.pk,
                p.organisation.history.earliest().history_id,
            ],
        ),
        STAFF_ONLY,
    ),
    ("Brokerage organisations list", lambda p: index_url("organisation"), STAFF_ONLY),
    (
        "Brokerage organisation page",
        lambda p: inspect_url("organisation", p.organisation.pk),
        STAFF_ONLY,
    ),
    # Decisions are buttons (POST only): staff opening their address are refused with 405.
    (
        "mark verified (a button)",
        lambda p: reverse("consortium_staff:verify_organisation", args=[p.organisation.pk]),
        STAFF_POST_ONLY,
    ),
    (
        "approve a listing (a button)",
        lambda p: reverse("consortium_staff:approve_listing", args=[waiting_listing(p).pk]),
        STAFF_POST_ONLY,
    ),
    (
        "reject a listing (a button)",
        lambda p: reverse("consortium_staff:reject_listing", args=[waiting_listing(p).pk]),
        STAFF_POST_ONLY,
    ),
    (
        "resolve a report (a button)",
        lambda p: reverse("consortium_staff:resolve_report", args=[open_report(p).pk]),
        STAFF_POST_ONLY,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description,url,expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_only_brokerage_staff_reach_the_staff_pages(personas, persona, description, url, expected):
    response = client_for(persona, personas).get(url(personas))
    assert response.status_code == expected[persona], (description, persona)
    if expected[persona] == ADMIN_SIGN_IN:
        assert "/admin/login/" in response.url


def test_editors_and_moderators_do_not_see_the_brokerage_menu(client, personas):
    for user in (editorial("editor", "Communications"), editorial("moderator", "Moderators")):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        dashboard = client.get("/admin/").content.decode()
        assert "Brokerage" not in dashboard and "Moderation queue" not in dashboard
        for model_name in BROKERAGE_LISTS:
            response = client.get(index_url(model_name))
            assert response.status_code in (302, 403), (user, model_name)
        # Wagtail turns "permission denied" into a redirect to the dashboard with a message.
        assert client.get(reverse("consortium_staff:moderation")).status_code in (302, 403)
        assert client.get(history_url(personas.organisation)).status_code in (302, 403)
        verify = reverse("consortium_staff:verify_organisation", args=[personas.organisation.pk])
        assert client.post(verify).status_code in (302, 403)
    personas.organisation.refresh_from_db()
    assert personas.organisation.verified_on is None


def test_editors_still_choose_organisations_in_page_panels(client, personas):
    client.force_login(
        editorial("editor", "Communications"), backend="django.contrib.auth.backends.ModelBackend"
    )
    chooser = client.get(reverse("wagtailsnippetchoosers_consortium_organisation:choose"))
    assert chooser.status_code == 200
    assert "Fernlea Food Bank" in chooser.content.decode()


def test_the_brokerage_group_exists_with_admin_access():
    group = Group.objects.get(name=BROKERAGE_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames
    assert {"change_organisation", "view_listing", "change_pledge"} <= codenames
