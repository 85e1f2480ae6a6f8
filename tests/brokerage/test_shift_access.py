"""Volunteering roles and shifts: who gets what from their addresses (the ACCESS matrix).

Only the poster's members (and staff) set up a role and its shifts and see who is coming;
signing up, cancelling and removing a shift are buttons (POST only), whose rules are in
tests/brokerage/test_shifts.py.
"""

import pytest
from django.urls import reverse

from consortium.brokerage import shifts
from tests.brokerage.helpers import as_user
from tests.brokerage.shift_helpers import make_role, make_shift
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

OWNERS = {
    "anonymous": 302,
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}
BUTTON = dict.fromkeys(PERSONAS, 405)


def _role(p):
    role = make_role(p.organisation)
    make_shift(role)
    return role


def _sign_up(p):
    return shifts.sign_up(make_shift(_role(p)), p.volunteer)


ACCESS = [
    (
        "a volunteering need's role details",
        lambda p: reverse("listings:role", args=[_role(p).listing.pk]),
        OWNERS,
    ),
    (
        "a role's shifts and who is coming",
        lambda p: reverse("listings:shifts", args=[_role(p).listing.pk]),
        OWNERS,
    ),
    (
        "removing a shift (a button)",
        lambda p: reverse("listings:remove_shift", args=[make_shift(_role(p)).pk]),
        BUTTON,
    ),
    (
        "signing up for a shift (a button)",
        lambda p: reverse("listings:sign_up", args=[make_shift(_role(p)).pk]),
        BUTTON,
    ),
    (
        "cancelling a sign-up (a button)",
        lambda p: reverse("listings:cancel_sign_up", args=[_sign_up(p).pk]),
        BUTTON,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("description", "url_for", "expected"), ACCESS, ids=[row[0] for row in ACCESS]
)
def test_each_person_gets_what_the_shift_rules_allow(
    personas, persona, description, url_for, expected
):
    response = as_user(persona, personas).get(url_for(personas))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_a_stranger_cannot_learn_of_a_shift_on_a_listing_they_cannot_see(personas):
    hidden = make_shift(make_role(personas.organisation, listing={"audience": "group"}))
    response = as_user("volunteer", personas).post(reverse("listings:sign_up", args=[hidden.pk]))
    assert response.status_code == 404
