"""Who may preview a section's formatting (ACCESS, gathered by the members' access test):
the section's writers only."""

import pytest

from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import BID_PERSONAS, client_for, make_bid_world

pytestmark = pytest.mark.django_db

ACCESS_PERSONAS = BID_PERSONAS
make_access_personas = make_bid_world

WRITERS_ONLY = {
    **dict.fromkeys(BID_PERSONAS, 200),
    "anonymous": 302,
    "non_member": 404,
    "subcontractor": 403,
}

ACCESS = [
    (
        "preview a section's formatting",
        lambda p: ("post", bid_url("section_preview", p, delivery(p).pk), {"body": "- one"}),
        WRITERS_ONLY,
    ),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_only_the_sections_writers_may_preview_it(p, persona, description, url_for, expected):
    _, url, data = url_for(p)
    response = client_for(persona, p).post(url, data)
    assert response.status_code == expected[persona], f"{persona} on {description}"
