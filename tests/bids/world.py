"""One consortium and its joint bid, for every bid test: rules, permissions, budget,
workflow, sign-off, history and the browser journeys.

``make_bid_world()`` creates a consortium led by one verified organisation with a partner and
a subcontractor (all verified and accepted, each with one admin who speaks for it), an
organisation outside it, brokerage staff, and a draft bid with three sections: the summary
(the lead's), the delivery plan (the partner's) and risks (unassigned). ``BID_PERSONAS``
names the people in the order tests report them; ``world.client(name)`` (or
``client_for(name, world)``) gives a Django test client signed in as one.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from consortium.models import (
    BidSection,
    BudgetLine,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    IncomeBand,
    InvitationStatus,
    JointBid,
    LegalForm,
    Organisation,
    Person,
    Role,
    SectionStatus,
)
from consortium.permissions import BROKERAGE_GROUP
from tests.factories import UserFactory
from tests.personas import make_member

BID_PERSONAS = ["anonymous", "non_member", "partner", "subcontractor", "lead", "staff"]


@dataclass
class BidWorld:
    consortium: Consortium
    bid: JointBid
    lead_org: Organisation
    partner_org: Organisation
    sub_org: Organisation
    outsider_org: Organisation  # verified, in no consortium
    lead: object
    partner: object
    subcontractor: object
    non_member: object
    staff: object
    sections: list = field(default_factory=list)  # summary, delivery plan, risks

    def user(self, name):
        return None if name == "anonymous" else getattr(self, name)

    def organisation_of(self, name):
        return {
            "lead": self.lead_org,
            "partner": self.partner_org,
            "subcontractor": self.sub_org,
            "non_member": self.outsider_org,
        }.get(name)

    def client(self, name):
        return client_for(name, self)


def client_for(name, world):
    client = Client()
    user = world.user(name)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def make_organisation(name, **extra):
    return Organisation.objects.create(
        name=name, verified_on=datetime.date(2026, 1, 5), income_band=IncomeBand.UNDER_100K, **extra
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


def make_bid_world(title="Later Life Advice Network"):
    lead_org = make_organisation(
        "Brookside Community Trust",
        legal_form=LegalForm.REGISTERED_CHARITY,
        charity_number="1090095",
    )
    partner_org = make_organisation(
        "Millbank Advice Centre", legal_form=LegalForm.CIC, company_number="08255580"
    )
    sub_org = make_organisation("Hollins Transport Scheme")
    outsider_org = make_organisation(
        "Westgate Arts Collective",
        legal_form=LegalForm.REGISTERED_CHARITY,
        charity_number="1100004",
    )
    lead = make_member("bid-lead", lead_org, Role.ADMIN)
    partner = make_member("bid-partner", partner_org, Role.ADMIN)
    subcontractor = make_member("bid-subcontractor", sub_org, Role.ADMIN)
    non_member = make_member("bid-outsider", outsider_org, Role.ADMIN)
    staff = UserFactory(username="bid-staff")
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
        title=title,
        funder="County Community Foundation",
        amount_requested=Decimal("60000"),
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
    return BidWorld(
        consortium=consortium,
        bid=bid,
        lead_org=lead_org,
        partner_org=partner_org,
        sub_org=sub_org,
        outsider_org=outsider_org,
        lead=lead,
        partner=partner,
        subcontractor=subcontractor,
        non_member=non_member,
        staff=staff,
        sections=sections,
    )


def add_line(bid, organisation, amount, description="Project worker", **extra):
    return BudgetLine.objects.create(
        bid=bid,
        organisation=organisation,
        category=extra.pop("category", "staff"),
        description=description,
        amount=Decimal(str(amount)),
        **extra,
    )


def make_ready(bid):
    bid.sections.update(status=SectionStatus.APPROVED)
