"""Things waiting for people, one of each kind, for the to-do tests.

``add_one_of_each(world)`` gives the partner of a bid world (tests.bids.world) one item of
every kind the to-do page lists, and returns them by kind.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from consortium.brokerage import conversations
from consortium.brokerage import rules as brokerage
from consortium.models import (
    BidState,
    Category,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    Listing,
    ListingKind,
    MatchSide,
    Moderation,
    OrganisationDocument,
    Pledge,
    Reply,
)
from tests.buying.data import make_scheme


def make_listing(organisation, user, title="Folding tables for a lunch club"):
    return Listing.objects.create(
        kind=ListingKind.NEED,
        category=Category.EQUIPMENT,
        title=title,
        description="Six tables for Tuesdays.",
        organisation=organisation,
        posted_by=user,
        moderation=Moderation.APPROVED,
    )


def reply_to(listing, organisation, user):
    return Reply.objects.create(
        listing=listing, organisation=organisation, user=user, message="We have some."
    )


def add_one_of_each(world, n=0):
    """One item of every kind for ``world.partner`` (``n`` keeps titles apart when called
    again, to make more data)."""
    today = timezone.localdate()
    partner, org = world.partner, world.partner_org
    listing = make_listing(org, partner, f"Folding tables {n}")
    waiting = reply_to(listing, world.lead_org, world.lead)
    agreed = brokerage.accept_reply(
        reply_to(make_listing(org, partner, f"A minibus {n}"), world.lead_org, world.lead),
        partner,
    )
    conversations.send_message(
        agreed.reply, world.lead, MatchSide.RESPONDER, "We can bring it on Friday at ten."
    )
    scheme = make_scheme(
        world.lead_org, title=f"Heating oil {n}", closes_on=today + datetime.timedelta(days=3)
    )
    pledge = Pledge.objects.create(
        scheme=scheme, organisation=org, quantity=Decimal("600"), pledged_by=partner
    )
    document = OrganisationDocument.objects.create(
        organisation=org,
        kind="insurance",
        title=f"Public liability insurance {n}",
        file=ContentFile(b"%PDF-1.4", name="insurance.pdf"),
        expires_on=today + datetime.timedelta(days=10),
    )
    section = world.sections[1]  # the delivery plan, the partner's
    section.due_on = today + datetime.timedelta(days=7)
    section.save()
    world.bid.state = BidState.AWAITING_SIGN_OFF
    world.bid.save()
    other = Consortium.objects.create(name=f"Valley Transport Alliance {n}", created_by=world.lead)
    ConsortiumMember.objects.create(
        consortium=other, organisation=world.lead_org, role=ConsortiumRole.LEAD, status="accepted"
    )
    invitation = ConsortiumMember.objects.create(
        consortium=other, organisation=org, role=ConsortiumRole.PARTNER, invited_by=world.lead
    )
    return {
        "replies": waiting,
        "conversations": agreed.reply,
        "matches": agreed,
        "pledges": pledge,
        "documents": document,
        "sections": section,
        "sign_offs": world.bid,
        "invitations": invitation,
    }
