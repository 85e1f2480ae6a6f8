"""Joint buying: who gets what (the ACCESS matrix), and who may pledge."""

import pytest
from django.urls import reverse

from consortium.models import Pledge, SchemeStatus
from tests.buying.data import make_scheme
from tests.buying.helpers import detail_url
from tests.personas import PERSONAS, client_for

pytestmark = pytest.mark.django_db


# --- who gets what ---------------------------------------------------------------------------


def _open_scheme(p):
    return make_scheme(p.organisation)


def _draft_scheme(p):
    return make_scheme(p.organisation, title="Insurance next year", status=SchemeStatus.DRAFT)


ALL_200 = dict.fromkeys(PERSONAS, 200)
COORDINATOR_ONLY = {
    "anonymous": 302,
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}
DRAFT = {
    "anonymous": 404,
    "volunteer": 404,
    "other_member": 404,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}

ACCESS = [
    ("the joint-buying index", lambda p: reverse("buying:index"), ALL_200),
    ("an open scheme", lambda p: detail_url(_open_scheme(p)), ALL_200),
    ("a draft scheme", lambda p: detail_url(_draft_scheme(p)), DRAFT),
    (
        "the pledges export",
        lambda p: reverse("buying:export_pledges", args=[_open_scheme(p).slug]),
        COORDINATOR_ONLY,
    ),
    (
        "the delivery list export",
        lambda p: reverse("buying:export_delivery", args=[_open_scheme(p).slug]),
        COORDINATOR_ONLY,
    ),
    (
        "a draft scheme's pledges export",
        lambda p: reverse("buying:export_pledges", args=[_draft_scheme(p).slug]),
        DRAFT,
    ),
    (
        "a scheme that does not exist",
        lambda p: "/joint-buying/no-such-scheme/",
        dict.fromkeys(PERSONAS, 404),
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "persona, expected", [("anonymous", 302), ("volunteer", 403), ("staff", 403)]
)
def test_only_people_acting_for_an_organisation_can_pledge(p, scheme, persona, expected):
    response = client_for(persona, p).post(
        detail_url(scheme), {"quantity": "600", "version": "new", "pledge": "1"}
    )
    assert response.status_code == expected
    assert not Pledge.objects.exists()
