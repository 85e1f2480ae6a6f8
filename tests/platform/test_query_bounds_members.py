"""The members' pages people wait on (issue 22) make at most 16 queries, the same number
however much there is: the to-do page (at most 15, for an organisation's admin too), a
conversation on a reply, a bid's page and a section's page. (The rest of the members' area
is in ``test_query_bounds``.)"""

from decimal import Decimal

import pytest

from consortium.brokerage import conversations
from consortium.models import (
    BidSection,
    BudgetLine,
    ConsortiumRole,
    Reply,
    SectionComment,
)
from tests import personas as members
from tests.bids import world as bid_world
from tests.brokerage.data import make_listing
from tests.factories import OrganisationFactory
from tests.platform.test_query_bounds import MAX_QUERIES, MORE, assert_bounded_and_constant

pytestmark = pytest.mark.django_db

# The to-do page's bound: one query a kind of item (the four kinds of bid section in one),
# and the person's access.
TODO_MAX_QUERIES = 15


def test_the_to_do_page_and_a_conversation_make_at_most_16_queries_however_many_replies():
    personas = members.make_personas()
    mine = make_listing(personas.organisation, title="Folding tables to lend")
    theirs = make_listing(personas.other_organisation, title="A minibus for Fridays")
    reply = Reply.objects.create(
        listing=mine,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can collect on Thursday",
    )
    conversations.send_message(reply, personas.other_member, "responder", "Is 2pm good?")

    def grow():
        for n in range(MORE):
            conversations.send_message(reply, personas.member, "owner", f"Yes, at {n}pm")
            conversations.send_message(reply, personas.other_member, "responder", "Thanks")
            other = OrganisationFactory()
            listing = make_listing(other, title=f"Chairs {n}")
            answered = Reply.objects.create(
                listing=listing,
                user=personas.member,
                organisation=personas.organisation,
                message="We would like some",
            )
            conversations.send_message(answered, personas.member, "responder", "When?")
            Reply.objects.create(
                listing=mine, user=personas.volunteer, message=f"I can help too ({n})"
            )
            Reply.objects.create(
                listing=theirs,
                user=personas.member,
                organisation=personas.organisation,
                message="Could we borrow it?",
            )

    clients = {who: members.client_for(who, personas) for who in ("member", "other_member")}
    pages = [
        ("member", "/members/to-do/"),
        ("other_member", "/members/to-do/"),
        ("member", f"/resources/replies/{reply.pk}/"),
        ("other_member", f"/resources/replies/{reply.pk}/"),
    ]
    assert_bounded_and_constant(clients, pages, grow)


def test_the_to_do_page_makes_at_most_15_queries_for_a_member_and_an_organisation_admin():
    personas = members.make_personas()
    mine = make_listing(personas.organisation, title="Folding tables to lend")

    def grow():
        for n in range(MORE):
            reply = Reply.objects.create(
                listing=mine,
                user=personas.other_member,
                organisation=personas.other_organisation,
                message=f"We can collect on day {n}",
            )
            conversations.send_message(reply, personas.other_member, "responder", "When?")

    clients = {who: members.client_for(who, personas) for who in ("member", "org_admin")}
    pages = [(who, "/members/to-do/") for who in clients]
    assert_bounded_and_constant(clients, pages, grow, limit=TODO_MAX_QUERIES)


def test_a_bid_page_and_a_section_page_make_at_most_16_queries_however_many_partners_and_sections():
    people = bid_world.make_bid_world()
    bid = people.bid
    section = people.sections[1]

    def grow():
        for n in range(MORE):
            organisation = bid_world.make_organisation(
                f"Partner {n}", charity_number=f"12000{n:02d}"
            )
            bid_world.join(people.consortium, organisation, ConsortiumRole.PARTNER)
            BudgetLine.objects.create(
                bid=bid,
                organisation=organisation,
                category="staff",
                description=f"Coordinator hours {n}",
                year=1,
                amount=Decimal("1000.50"),
            )
            BidSection.objects.create(bid=bid, title=f"Part {n}", sort_order=10 + n)
            SectionComment.objects.create(
                section=section, author=people.lead, organisation=people.lead_org, body="?"
            )

    clients = {who: bid_world.client_for(who, people) for who in ("lead", "partner")}
    base = f"/bids/{bid.slug}/"
    pages = [
        (who, url)
        for who in clients
        for url in (base, base + f"sections/{section.pk}/", base + "history/")
    ]
    assert_bounded_and_constant(clients, pages, grow, limit=MAX_QUERIES)
