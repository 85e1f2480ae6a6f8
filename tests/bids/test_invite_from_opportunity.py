"""From an opportunity: a consortium's lead invites an organisation seeking partners with one
click, and starting a bid from a tender picks the lead's only consortium and the tender
template."""

import pytest
from django.urls import reverse

from consortium.bids.consortia import invite_seeker
from consortium.models import (
    BidTemplate,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    OpportunityKind,
    PartnerSearch,
)
from tests.bids.world import BID_PERSONAS, client_for, join, make_bid_world, make_organisation
from tests.opportunities.helpers import detail_url, make_opportunity

pytestmark = pytest.mark.django_db

SIGN_IN = 302


@pytest.fixture
def p():
    return make_bid_world()


def seeking(p, organisation=None, **fields):
    """A tender that the outsider organisation (verified, in no consortium) seeks partners for."""
    opportunity = make_opportunity("Befriending contract", kind=OpportunityKind.TENDER, **fields)
    PartnerSearch.objects.create(
        opportunity=opportunity, organisation=organisation or p.outsider_org, note="We visit"
    )
    return opportunity


def invite_url(opportunity):
    return reverse("consortia:invite_seeker", args=[opportunity.slug])


def invite(client, opportunity, organisation, consortium):
    return client.post(
        invite_url(opportunity), {"organisation": organisation.pk, "consortium": consortium.pk}
    )


def make_access_personas():
    world = make_bid_world()
    world.opportunity = seeking(world)
    return world


ACCESS_PERSONAS = BID_PERSONAS
INVITE_STATUS = {
    "anonymous": SIGN_IN,
    "non_member": 403,
    "partner": 403,
    "subcontractor": 403,
    "lead": 302,
    "staff": 403,
}
ACCESS = [
    (
        "invite a seeking organisation from an opportunity",
        lambda w: ("post", invite_url(w.opportunity), {}),
        INVITE_STATUS,
    ),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
def test_only_a_consortiums_lead_may_invite_from_the_opportunity_page(p, persona):
    opportunity = seeking(p)
    response = invite(client_for(persona, p), opportunity, p.outsider_org, p.consortium)
    assert response.status_code == INVITE_STATUS[persona], persona
    invited = ConsortiumMember.objects.filter(organisation=p.outsider_org).exists()
    assert invited == (persona == "lead")


def test_the_lead_sees_an_invite_button_for_each_organisation_seeking_partners(p):
    page = client_for("lead", p).get(detail_url(seeking(p))).content.decode()
    assert "Invite to Brookside Advice Partnership" in page
    assert reverse("consortia:invite_seeker", args=["befriending-contract"]) in page


@pytest.mark.parametrize("persona", ["partner", "non_member", "staff"])
def test_people_who_lead_no_consortium_see_no_invite_button(p, persona):
    page = client_for(persona, p).get(detail_url(seeking(p))).content.decode()
    assert "Invite to" not in page


def test_one_click_invites_the_organisation_as_a_partner_and_says_until_when(p):
    opportunity = seeking(p)
    lead = client_for("lead", p)
    response = invite(lead, opportunity, p.outsider_org, p.consortium)
    assert response["Location"] == detail_url(opportunity) + "#partners"
    member = ConsortiumMember.objects.get(organisation=p.outsider_org)
    assert (member.consortium, member.role, member.status) == (
        p.consortium,
        ConsortiumRole.PARTNER,
        InvitationStatus.INVITED,
    )
    assert "Befriending contract" in member.message
    page = lead.get(response["Location"]).content.decode()
    assert "Westgate Arts Collective is invited to Brookside Advice Partnership" in page
    assert "Invited to Brookside Advice Partnership" in page
    assert "Invite to Brookside Advice Partnership" not in page


def test_the_invited_organisation_can_answer_as_from_the_consortium_page(p):
    invite(client_for("lead", p), seeking(p), p.outsider_org, p.consortium)
    member = ConsortiumMember.objects.get(organisation=p.outsider_org)
    answer = reverse("consortia:answer", args=[p.consortium.slug, member.pk])
    client_for("non_member", p).post(answer, {"answer": "accept"})
    member.refresh_from_db()
    assert member.status == InvitationStatus.ACCEPTED


def test_inviting_twice_says_it_is_already_invited_and_makes_no_duplicate(p):
    opportunity = seeking(p)
    lead = client_for("lead", p)
    invite(lead, opportunity, p.outsider_org, p.consortium)
    response = invite(lead, opportunity, p.outsider_org, p.consortium)
    assert response.status_code == 409
    assert (
        "Westgate Arts Collective is already invited to Brookside Advice Partnership"
        in response.content.decode()
    )
    assert ConsortiumMember.objects.filter(organisation=p.outsider_org).count() == 1


def test_an_organisation_already_in_the_consortium_is_shown_so_and_not_invited_again(p):
    opportunity = seeking(p, organisation=p.partner_org)
    lead = client_for("lead", p)
    page = lead.get(detail_url(opportunity)).content.decode()
    assert "Already in Brookside Advice Partnership" in page
    assert "Invite to Brookside Advice Partnership" not in page
    response = invite(lead, opportunity, p.partner_org, p.consortium)
    assert response.status_code == 409
    assert "Millbank Advice Centre is already in Brookside Advice Partnership" in (
        response.content.decode()
    )


def test_an_organisation_that_declined_before_can_be_invited_again(p):
    opportunity = seeking(p)
    ConsortiumMember.objects.create(
        consortium=p.consortium,
        organisation=p.outsider_org,
        role=ConsortiumRole.PARTNER,
        status=InvitationStatus.DECLINED,
    )
    response = invite(client_for("lead", p), opportunity, p.outsider_org, p.consortium)
    assert response.status_code == 302
    member = ConsortiumMember.objects.get(organisation=p.outsider_org)
    assert member.status == InvitationStatus.INVITED


def test_an_unverified_organisation_cannot_be_invited_and_the_page_says_why(p):
    unverified = make_organisation("Eastfield Youth Club")
    unverified.verified_on = None
    unverified.save()
    opportunity = seeking(p, organisation=unverified)
    lead = client_for("lead", p)
    page = lead.get(detail_url(opportunity)).content.decode()
    assert "Not yet verified by the brokerage team" in page
    response = invite(lead, opportunity, unverified, p.consortium)
    assert response.status_code == 409
    assert "Eastfield Youth Club is not verified by the brokerage team yet" in (
        response.content.decode()
    )
    assert not ConsortiumMember.objects.filter(organisation=unverified).exists()


def test_a_lead_cannot_invite_into_a_consortium_it_does_not_lead(p):
    opportunity = seeking(p)
    other = Consortium.objects.create(name="Millbank Network")
    join(other, p.partner_org, ConsortiumRole.LEAD)
    response = invite(client_for("lead", p), opportunity, p.outsider_org, other)
    assert response.status_code == 400
    assert "Choose a consortium your organisation leads" in response.content.decode()
    assert not ConsortiumMember.objects.filter(organisation=p.outsider_org).exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"organisation": "x", "consortium": "y"}, {"organisation": "999999", "consortium": "1"}],
)
def test_bad_or_missing_choices_get_a_clear_answer_never_a_server_error(p, data):
    response = client_for("lead", p).post(invite_url(seeking(p)), data, follow=True)
    assert response.status_code in (200, 400)
    assert not ConsortiumMember.objects.filter(organisation=p.outsider_org).exists()


def test_an_organisation_that_stopped_seeking_partners_is_not_invited(p):
    opportunity = seeking(p)
    PartnerSearch.objects.all().delete()
    lead = client_for("lead", p)
    response = invite(lead, opportunity, p.outsider_org, p.consortium)
    page = lead.get(response["Location"]).content.decode()
    assert "no longer seeking partners" in page
    assert not ConsortiumMember.objects.filter(organisation=p.outsider_org).exists()


def test_a_lead_of_several_consortia_chooses_which_one_in_the_same_form(p):
    second = Consortium.objects.create(name="Brookside Transport Group")
    join(second, p.lead_org, ConsortiumRole.LEAD)
    opportunity = seeking(p)
    lead = client_for("lead", p)
    page = lead.get(detail_url(opportunity)).content.decode()
    assert "Consortium to invite Westgate Arts Collective into" in page
    assert f'<option value="{second.pk}">Brookside Transport Group</option>' in page
    invite(lead, opportunity, p.outsider_org, second)
    assert ConsortiumMember.objects.get(organisation=p.outsider_org).consortium == second


def test_the_opportunity_page_asks_a_fixed_number_of_queries_however_many_seek_partners(
    p, django_assert_max_num_queries
):
    opportunity = seeking(p)
    for n in range(6):
        PartnerSearch.objects.create(
            opportunity=opportunity, organisation=make_organisation(f"Seeker {n}")
        )
    lead = client_for("lead", p)
    lead.get(detail_url(opportunity))  # warm the session and caches
    with django_assert_max_num_queries(25):
        lead.get(detail_url(opportunity))


def test_the_domain_refuses_an_unverified_organisation(p):
    p.outsider_org.verified_on = None
    p.outsider_org.save()
    from consortium.bids.consortia import ConsortiumRefused

    with pytest.raises(ConsortiumRefused):
        invite_seeker(p.consortium, p.outsider_org, seeking(p), p.lead)


# --- starting a bid -----------------------------------------------------------------------------


def test_starting_a_bid_from_a_tender_picks_the_only_consortium_and_the_tender_template(p):
    tender = BidTemplate.objects.get(name="Tender response")
    opportunity = seeking(p)
    page = client_for("lead", p).get(reverse("bids:create"), {"opportunity": opportunity.slug})
    form = page.context["form"]
    assert form.initial["consortium"] == p.consortium.pk
    assert form.initial["template"] == tender.pk


def test_starting_a_bid_for_a_grant_picks_the_grant_template(p):
    grant = make_opportunity("Village halls fund", days=40)
    page = client_for("lead", p).get(reverse("bids:create"), {"opportunity": grant.slug})
    assert page.context["form"].initial["template"] == (
        BidTemplate.objects.get(name="Grant application (ten sections)").pk
    )


def test_a_lead_of_several_consortia_chooses_the_consortium_for_a_new_bid(p):
    join(Consortium.objects.create(name="Another group"), p.lead_org, ConsortiumRole.LEAD)
    page = client_for("lead", p).get(reverse("bids:create"))
    assert "consortium" not in page.context["form"].initial


def test_invite_pages_and_answers_are_valid_html(p, tmp_path):
    from tests.platform.test_valid_html import validate

    second = Consortium.objects.create(name="Brookside Transport Group")
    opportunity = seeking(p, eoi_deadline=None)
    lead = client_for("lead", p)
    answers = {"one consortium": lead.get(detail_url(opportunity))}
    join(second, p.lead_org, ConsortiumRole.LEAD)
    answers["several consortia"] = lead.get(detail_url(opportunity))
    invite(lead, opportunity, p.outsider_org, p.consortium)
    answers["already invited"] = invite(lead, opportunity, p.outsider_org, p.consortium)
    answers["start a bid"] = lead.get(reverse("bids:create"), {"opportunity": opportunity.slug})
    for number, (name, response) in enumerate(answers.items()):
        assert response.status_code in (200, 409), name
        (tmp_path / f"{number}.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
