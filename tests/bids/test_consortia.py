"""Consortia: starting one, inviting organisations, answers, roles, the lead and contacts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consortium.models import (
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    Organisation,
)
from tests.bids.world import BID_PERSONAS, client_for, make_bid_world
from tests.personas import make_member

pytestmark = pytest.mark.django_db

SIGN_IN = 302
ALL_SIGNED_IN = {**dict.fromkeys(BID_PERSONAS, 200), "anonymous": SIGN_IN}
IN_IT = {**ALL_SIGNED_IN, "non_member": 404}  # not told that it exists
LEAD_ONLY = {**IN_IT, "partner": 403, "subcontractor": 403}


@pytest.fixture
def p():
    return make_bid_world()


def member_of(p, organisation):
    return ConsortiumMember.objects.get(consortium=p.consortium, organisation=organisation)


def invitation_for_outsiders(p):
    member, _ = ConsortiumMember.objects.get_or_create(
        consortium=p.consortium,
        organisation=p.outsider_org,
        defaults={"role": ConsortiumRole.PARTNER, "invited_by": p.lead},
    )
    return member


def url(name, p, member=None):
    args = [p.consortium.slug] + ([member.pk] if member is not None else [])
    return reverse(f"consortia:{name}", args=args)


ACCESS_PERSONAS = BID_PERSONAS
make_access_personas = make_bid_world

ACCESS = [
    ("my consortia", lambda p: reverse("consortia:index"), ALL_SIGNED_IN),
    ("start a consortium", lambda p: reverse("consortia:create"), ALL_SIGNED_IN),
    ("a consortium's page", lambda p: url("detail", p), IN_IT),
    ("invite an organisation", lambda p: url("invite", p), LEAD_ONLY),
    ("hand on the lead role", lambda p: url("hand_on", p), LEAD_ONLY),
    (
        "answer an invitation",
        lambda p: url("answer", p, invitation_for_outsiders(p)),
        {**dict.fromkeys(BID_PERSONAS, 403), "anonymous": SIGN_IN, "non_member": 200},
    ),
    (
        "change a partner's role",
        lambda p: url("member_role", p, member_of(p, p.partner_org)),
        LEAD_ONLY,
    ),
    (
        "remove a partner",
        lambda p: url("member_remove", p, member_of(p, p.partner_org)),
        LEAD_ONLY,
    ),
    (
        "name a partner's contacts",
        lambda p: url("contacts", p, member_of(p, p.partner_org)),
        {**LEAD_ONLY, "partner": 200},
    ),
    (
        "a consortium that does not exist",
        lambda p: "/consortia/no-such-consortium/",
        {**dict.fromkeys(BID_PERSONAS, 404), "anonymous": SIGN_IN},
    ),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == SIGN_IN:
        assert "/accounts/login/" in response["Location"]


def test_an_organisation_admin_starts_a_consortium_and_their_organisation_leads_it(p):
    client = client_for("non_member", p)
    response = client.post(
        reverse("consortia:create"),
        {"name": "Westgate Creative Alliance", "description": "Arts for health"},
    )
    consortium = Consortium.objects.get(name="Westgate Creative Alliance")
    assert response["Location"] == consortium.get_absolute_url()
    lead = consortium.members.get()
    assert (lead.organisation, lead.role, lead.status) == (
        p.outsider_org,
        ConsortiumRole.LEAD,
        InvitationStatus.ACCEPTED,
    )
    assert list(lead.contacts.all()) == [p.non_member]
    page = client.get(consortium.get_absolute_url()).content.decode()
    assert "Westgate Arts Collective" in page and "Start a bid" in page


def test_a_consortium_name_already_taken_is_refused_on_the_form(p):
    response = client_for("non_member", p).post(
        reverse("consortia:create"), {"name": "brookside advice partnership"}
    )
    assert response.status_code == 200
    assert "A consortium with this name already exists" in response.content.decode()
    assert Consortium.objects.count() == 1


def test_a_member_who_is_not_an_admin_cannot_start_a_consortium(p):
    user = make_member("plain-member", p.outsider_org)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("consortia:create")).status_code == 403


def test_the_lead_invites_a_verified_organisation_whose_admins_are_emailed(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("lead", p).post(
            url("invite", p),
            {
                "organisation": p.outsider_org.pk,
                "role": "subcontractor",
                "message": "We would love your arts sessions in the bid.",
            },
        )
    assert response.status_code == 302
    member = member_of(p, p.outsider_org)
    assert (member.status, member.role) == (InvitationStatus.INVITED, "subcontractor")
    assert member.expires_on == timezone.localdate() + datetime.timedelta(days=14)
    emails = [m for m in mailoutbox if p.non_member.email in m.to]
    assert emails and "Brookside Advice Partnership" in emails[0].body
    assert "We would love your arts sessions" in emails[0].body


def test_only_verified_organisations_not_already_in_it_can_be_invited(p):
    unverified = Organisation.objects.create(name="Unchecked Group", postcode="SW1A 1AA")
    client = client_for("lead", p)
    page = client.get(url("invite", p)).content.decode()
    assert "Westgate Arts Collective" in page
    assert "Unchecked Group" not in page and "Millbank Advice Centre" not in page
    response = client.post(url("invite", p), {"organisation": unverified.pk, "role": "partner"})
    assert response.status_code == 200
    assert "Choose a verified organisation that is not already in it" in response.content.decode()
    assert not ConsortiumMember.objects.filter(organisation=unverified).exists()


def test_the_invited_admin_accepts_and_the_lead_is_told(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    member = invitation_for_outsiders(p)
    client = client_for("non_member", p)
    assert "Accept or decline" in client.get(url("detail", p)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("answer", p, member), {"answer": "accept"})
    assert response["Location"] == p.consortium.get_absolute_url()
    member.refresh_from_db()
    assert member.status == InvitationStatus.ACCEPTED
    assert p.non_member in member.contacts.all()
    told = [m for m in mailoutbox if p.lead.email in m.to]
    assert told and "has accepted" in told[0].body
    assert "Westgate Arts Collective" in client.get(reverse("consortia:index")).content.decode()


def test_the_invited_admin_declines(p):
    member = invitation_for_outsiders(p)
    response = client_for("non_member", p).post(url("answer", p, member), {"answer": "decline"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == InvitationStatus.DECLINED
    assert client_for("non_member", p).get(url("detail", p)).status_code == 404


def test_an_expired_invitation_cannot_be_accepted(p):
    member = invitation_for_outsiders(p)
    ConsortiumMember.objects.filter(pk=member.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    member.refresh_from_db()
    client = client_for("non_member", p)
    expected = f"This invitation expired on {member.expires_on:%-d %B %Y}"
    assert expected in client.get(url("answer", p, member)).content.decode()
    response = client.post(url("answer", p, member), {"answer": "accept"})
    assert response.status_code == 409
    assert expected in response.content.decode()
    member.refresh_from_db()
    assert member.status == InvitationStatus.INVITED


def test_an_organisation_whose_invitation_expired_can_be_invited_again(p):
    member = invitation_for_outsiders(p)
    ConsortiumMember.objects.filter(pk=member.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client_for("lead", p).post(
        url("invite", p), {"organisation": p.outsider_org.pk, "role": "partner"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.expires_on > timezone.localdate() and not member.is_expired


def test_the_lead_hands_on_the_lead_role_after_confirming_and_there_is_one_lead(p):
    client = client_for("lead", p)
    partner = member_of(p, p.partner_org)
    confirm = client.post(url("hand_on", p), {"new_lead": partner.pk})
    assert "Make Millbank Advice Centre the lead?" in confirm.content.decode()
    assert member_of(p, p.lead_org).role == ConsortiumRole.LEAD  # not yet
    client.post(url("hand_on", p), {"new_lead": partner.pk, "confirm": "yes"})
    leads = ConsortiumMember.objects.filter(consortium=p.consortium, role=ConsortiumRole.LEAD)
    assert [m.organisation for m in leads] == [p.partner_org]
    assert member_of(p, p.lead_org).role == ConsortiumRole.PARTNER
    # the old lead's people can no longer run the consortium; the new lead's can
    assert client_for("lead", p).get(url("invite", p)).status_code == 403
    assert client_for("partner", p).get(url("invite", p)).status_code == 200


def test_the_lead_organisation_cannot_be_removed_so_there_is_always_a_lead(p):
    lead = member_of(p, p.lead_org)
    response = client_for("lead", p).post(url("member_remove", p, lead))
    assert response.status_code == 409
    assert "Hand the lead role on first" in response.content.decode()
    assert member_of(p, p.lead_org).status == InvitationStatus.ACCEPTED


def test_the_lead_changes_a_role_and_removes_a_member(p):
    client = client_for("lead", p)
    partner = member_of(p, p.partner_org)
    client.post(url("member_role", p, partner), {"role": "subcontractor"})
    assert member_of(p, p.partner_org).role == ConsortiumRole.SUBCONTRACTOR
    client.post(url("member_remove", p, partner))
    assert member_of(p, p.partner_org).status == InvitationStatus.LEFT
    assert client_for("partner", p).get(url("detail", p)).status_code == 404


def test_a_partner_admin_names_contacts_from_the_organisations_approved_people(p):
    colleague = make_member("millbank-adviser", p.partner_org)
    partner = member_of(p, p.partner_org)
    client = client_for("partner", p)
    page = client.get(url("contacts", p, partner)).content.decode()
    assert "millbank-adviser" in page and "bid-lead" not in page
    client.post(url("contacts", p, partner), {"contacts": [colleague.pk]})
    assert list(partner.contacts.all()) == [colleague]
    refused = client.post(url("contacts", p, partner), {"contacts": [p.lead.pk]})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert list(partner.contacts.all()) == [colleague]


def test_every_change_to_the_members_is_kept_in_history(p):
    client = client_for("lead", p)
    partner = member_of(p, p.partner_org)
    client.post(url("member_role", p, partner), {"role": "subcontractor"})
    client.post(url("hand_on", p), {"new_lead": partner.pk, "confirm": "yes"})
    records = partner.history.order_by("history_date")
    roles = [r.role for r in records]
    assert roles[0] == "partner" and roles[-2:] == ["subcontractor", "lead"]
    assert records.last().history_user == p.lead


def test_the_members_dashboard_links_to_consortia(p):
    page = client_for("partner", p).get(reverse("members:dashboard")).content.decode()
    assert reverse("consortia:index") in page
