"""Who may hand a section over for review, approve it or return it (ACCESS, gathered by the
members' access test). In this world the lead reviews the partner's delivery plan: the
partner (its writer) marks it ready, only the lead approves or returns it; staff never do."""

import pytest

from consortium.models import BidSection, SectionStatus
from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import BID_PERSONAS, client_for, make_bid_world

pytestmark = pytest.mark.django_db

ACCESS_PERSONAS = BID_PERSONAS


def make_access_personas():
    world = make_bid_world()
    BidSection.objects.filter(pk=delivery(world).pk).update(
        reviewer=world.lead, status=SectionStatus.IN_REVIEW, body="Our plan."
    )
    return world


def _drafting(p):
    BidSection.objects.filter(pk=delivery(p).pk).update(status=SectionStatus.DRAFTING)
    return ("post", bid_url("section_review", p, delivery(p).pk), {"action": "ready"})


REVIEWER_ONLY = {
    "anonymous": 302,
    "non_member": 404,
    "partner": 403,
    "subcontractor": 403,
    "lead": 302,
    "staff": 403,
}

ACCESS = [
    ("mark a section ready for review", _drafting, {**REVIEWER_ONLY, "partner": 302}),
    (
        "approve a section",
        lambda p: ("post", bid_url("section_review", p, delivery(p).pk), {"action": "approve"}),
        REVIEWER_ONLY,
    ),
    (
        "open the form to return a section",
        lambda p: ("get", bid_url("section_return", p, delivery(p).pk), None),
        {**REVIEWER_ONLY, "lead": 200},
    ),
    (
        "return a section with comments",
        lambda p: ("post", bid_url("section_return", p, delivery(p).pk), {"comment": "Why?"}),
        REVIEWER_ONLY,
    ),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_only_the_writer_hands_over_and_only_the_reviewer_decides(
    persona, description, url_for, expected
):
    p = make_access_personas()
    method, url, data = url_for(p)
    client = client_for(persona, p)
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected[persona], f"{persona} on {description}"
