"""A consortium and a bid for the budget, partners, workflow and sign-off tests.

``make_bid_world()`` gives a consortium of three verified organisations (lead, partner,
subcontractor), an outsider organisation, one admin user for each, a staff member and a
draft bid with three sections. ``BID_PERSONAS`` names the people in the order tests report.
"""

import datetime
from dataclasses import dataclass
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
    outsider_org: Organisation
    lead: object
    partner: object
    subcontractor: object
    non_member: object
    staff: object

    def user(self, name):
        return None if name == "anonymous" else getattr(self, name)

    def client(self, name):
        client = Client()
        user = self.user(name)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


def make_organisation(name, **extra):
    return Organisation.objects.create(
        name=name, verified_on=datetime.date(2026, 1, 5), income_band=IncomeBand.UNDER_100K, **extra
    )


def make_bid_world(title="Warm Spaces for the North"):
    lead_org = make_organisation(
        "Fernlea Good Neighbours", legal_form=LegalForm.REGISTERED_CHARITY, charity_number="1090095"
    )
    partner_org = make_organisation(
        "Castle Ward Food Pantry", legal_form=LegalForm.CIC, company_number="08255580"
    )
    sub_org = make_organisation("Three Valleys Community Transport")
    outsider_org = make_organisation("Quarry Hill Youth Club")
    consortium = Consortium.objects.create(name="North Warm Spaces Consortium")
    for organisation, role in [
        (lead_org, ConsortiumRole.LEAD),
        (partner_org, ConsortiumRole.PARTNER),
        (sub_org, ConsortiumRole.SUBCONTRACTOR),
    ]:
        ConsortiumMember.objects.create(
            consortium=consortium,
            organisation=organisation,
            role=role,
            status=InvitationStatus.ACCEPTED,
        )
    staff = UserFactory(username="bid-staff")
    Person.objects.create(user=staff)
    staff.groups.add(Group.objects.get_or_create(name=BROKERAGE_GROUP)[0])
    bid = JointBid.objects.create(
        consortium=consortium,
        title=title,
        funder="Northshire Community Foundation",
        deadline=timezone.now() + datetime.timedelta(days=30),
        amount_requested=Decimal("60000"),
    )
    for n, name in enumerate(["Summary", "Delivery plan", "Budget narrative"]):
        BidSection.objects.create(
            bid=bid, title=name, sort_order=n, word_limit=500, body=f"{name} text."
        )
    return BidWorld(
        consortium=consortium,
        bid=bid,
        lead_org=lead_org,
        partner_org=partner_org,
        sub_org=sub_org,
        outsider_org=outsider_org,
        lead=make_member("bid-lead", lead_org, Role.ADMIN),
        partner=make_member("bid-partner", partner_org, Role.ADMIN),
        subcontractor=make_member("bid-subcontractor", sub_org, Role.ADMIN),
        non_member=make_member("bid-outsider", outsider_org, Role.ADMIN),
        staff=staff,
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
    bid.sections.update(status=SectionStatus.READY)
