"""Funding opportunities: who gets what (the ACCESS matrix), and who may see partner
searches."""

import pytest
from django.urls import reverse

from consortium import permissions
from tests.opportunities.helpers import detail_url, make_opportunity, seek_url
from tests.personas import PERSONAS, client_for

pytestmark = pytest.mark.django_db


# --- who gets what ---------------------------------------------------------------------------


ALL_200 = dict.fromkeys(PERSONAS, 200)
STAFF_ONLY_404 = {**dict.fromkeys(PERSONAS, 404), "staff": 200}
POST_ONLY = dict.fromkeys(PERSONAS, 405)

ACCESS = [
    ("the opportunities list", lambda p: reverse("opportunities:index"), ALL_200),
    ("the RSS feed", lambda p: reverse("opportunities:rss"), ALL_200),
    ("the deadlines calendar", lambda p: reverse("opportunities:ical"), ALL_200),
    ("an opportunity", lambda p: detail_url(make_opportunity()), ALL_200),
    (
        "an unpublished opportunity",
        lambda p: detail_url(make_opportunity("Draft fund", is_published=False)),
        STAFF_ONLY_404,
    ),
    ("seek partners (a form's button)", lambda p: seek_url(make_opportunity()), POST_ONLY),
    (
        "an opportunity that does not exist",
        lambda p: "/opportunities/no-such-opportunity/",
        dict.fromkeys(PERSONAS, 404),
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"


def test_permission_to_see_partner_searches(p):
    assert permissions.can_see_partner_searches(p.member)
    assert permissions.can_see_partner_searches(p.staff)
    assert not permissions.can_see_partner_searches(p.volunteer)
    assert not permissions.can_see_partner_searches(None)
