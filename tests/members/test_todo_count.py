"""The header's to-do count follows the data on every request, also where it is kept as a
prepared statement (PostgreSQL, outside a transaction: as a running server asks it)."""

import pytest
from django.db import connection

from consortium.members import todo_count
from tests.bids.world import make_bid_world
from tests.members.todo_world import make_listing, reply_to

# Outside a transaction, as a request is: the prepared statement is used on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def header_count(client):
    page = client.get("/members/").content.decode()
    return int(page.split('id="header-todo"')[1].split("(")[1].split("<")[0])


def test_the_header_count_goes_up_with_each_reply_and_survives_a_lost_statement():
    world = make_bid_world()
    client = world.client("partner")
    listing = make_listing(world.partner_org, world.partner, "Folding tables")
    before = header_count(client)
    reply_to(listing, world.lead_org, world.lead)
    assert header_count(client) == before + 1
    reply_to(listing, world.outsider_org, world.non_member)
    assert header_count(client) == before + 2
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")  # as a pooler or a reset would
    assert header_count(client) == before + 2
    assert todo_count.count(world.partner) == before + 2
