"""The people of a consortium and its joint bid, for permission and journey tests.

``make_bid_personas()`` creates a consortium led by one verified organisation with a
partner and a subcontractor (both verified and accepted), an organisation outside it, one
person of each kind the bid rules tell apart and a draft bid with three sections.
``BID_PERSONAS`` names them in the order tests report them; ``client_for(name, p)`` gives a
Django test client signed in as one.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from consortium.models import (
    BidSection,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
    LegalForm,
    Organisation,
    Person,
    Role,
)
from consortium.permissions import BROKERAGE_GROUP
from tests.factories import UserFactory
from tests.personas import make_member

BID_PERSONAS = ["anonymous", "non_member", "partner", "subcontractor", "lead", "staff"]


@dataclass
class BidPersonas:
    lead_organisation: Organisation
    partner_organisation: Organisation
    subcontractor_organisation: Organisation
    outside_organisation: Organisation  # verified, in no consortium
    consortium: Consortium
    bid: JointBid
    sections: list  # summary (lead's), delivery plan (partner's), risks (unassigned)
    non_member: object
    partner: object
    subcontractor: object
    lead: object
    staff: object

    def user(self, name):
        return None if name == "anonymous" else getattr(self, name)

    def organisation_of(self, name):
        return {
            "lead": self.lead_organisation,
            "partner": self.partner_organisation,
            "subcontractor": self.subcontractor_organisation,
            "non_member": self.outside_organisation,
        }.get(name)


def verified_organisation(name, charity_number):
    return Organisation.objects.create(
        name=name,
        legal_form=LegalForm.REGISTERED_CHARITY,
        charity_number=charity_number,
        verified_on=datetime.date(2026, 1, 5),
    )


def join(consortium, organisation, role, contact=None):
    member = ConsortiumMember.objects.create(
        consortium=consortium,
        organisation=organisation,
        role=role,
        status=InvitationStatus.ACCEPTED,
        responded_at=timezone.now(),
    )
    if contact is not None:
        member.contacts.add(contact)
    return member


def make_bid_personas():
    lead_org = verified_organisation("Brookside Community Trust", "1100001")
    partner_org = verified_organisation("Millbank Advice Centre", "1100002")
    sub_org = verified_organisation("Hollins Transport Scheme", "1100003")
    outside = verified_organisation("Westgate Arts Collective", "1100004")

    lead = make_member("lead-persona", lead_org, Role.ADMIN)
    partner = make_member("partner-persona", partner_org, Role.ADMIN)
    subcontractor = make_member("subcontractor-persona", sub_org, Role.ADMIN)
    non_member = make_member("non-member-persona", outside, Role.ADMIN)
    staff = UserFactory(username="bid-staff-persona")
    Person.objects.create(user=staff)
    staff.groups.add(Group.objects.get_or_create(name=BROKERAGE_GROUP)[0])

    consortium = Consortium.objects.create(
        name="Brookside Advice Partnership",
        description="Advice and transport for older people across the district.",
        created_by=lead,
    )
    join(consortium, lead_org, ConsortiumRole.LEAD, lead)
    join(consortium, partner_org, ConsortiumRole.PARTNER, partner)
    join(consortium, sub_org, ConsortiumRole.SUBCONTRACTOR, subcontractor)

    bid = JointBid.objects.create(
        consortium=consortium,
        title="Later Life Advice Network",
        funder="County Community Foundation",
        amount_requested=60000,
        deadline=timezone.now() + datetime.timedelta(days=30),
        created_by=lead,
    )
    sections = [
        BidSection.objects.create(
            bid=bid,
            title="Summary",
            sort_order=1,
            word_limit=300,
            assigned_to=lead_org,
            guidance="Say what you will do, for whom, and why it matters.",
        ),
        BidSection.objects.create(
            bid=bid,
            title="Delivery plan",
            sort_order=2,
            word_limit=500,
            assigned_to=partner_org,
            guidance="Who does what, where and when.",
        ),
        BidSection.objects.create(bid=bid, title="Risks", sort_order=3, word_limit=200),
    ]
    return BidPersonas(
        lead_organisation=lead_org,
        partner_organisation=partner_org,
        subcontractor_organisation=sub_org,
        outside_organisation=outside,
        consortium=consortium,
        bid=bid,
        sections=sections,
        non_member=non_member,
        partner=partner,
        subcontractor=subcontractor,
        lead=lead,
        staff=staff,
    )


def client_for(name, personas):
    client = Client()
    user = personas.user(name)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
