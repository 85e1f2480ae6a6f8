"""The listing page with a role and its shifts, the role and shifts pages, their forms'
errors, and the to-do page with a shift coming up are valid HTML (Nu Html Checker)."""

import pytest
from django.urls import reverse

from consortium.brokerage import shifts
from tests.brokerage.helpers import as_user
from tests.brokerage.shift_helpers import make_role, make_shift, shift_form

pytestmark = pytest.mark.django_db


def test_the_role_and_shift_pages_and_their_form_answers_are_valid_html(personas, tmp_path):
    from tests.platform.test_valid_html import validate

    role = make_role(personas.organisation, listing={"audience": "public"})
    signed_up = make_shift(role, days=2, places=3)
    full = make_shift(role, days=3, places=1)
    make_shift(role, days=-2)  # past
    make_shift(role, days=5)  # open
    shifts.sign_up(signed_up, personas.volunteer)
    shifts.sign_up(full, personas.other_member)  # not a volunteer by the rules, but fills it
    listing = role.listing
    member, volunteer = as_user("member", personas), as_user("volunteer", personas)
    answers = {
        "listing as volunteer": volunteer.get(reverse("listings:detail", args=[listing.pk])),
        "listing as poster": member.get(reverse("listings:detail", args=[listing.pk])),
        "listing as visitor": as_user("anonymous", personas).get(
            reverse("listings:detail", args=[listing.pk])
        ),
        "role form": member.get(reverse("listings:role", args=[listing.pk])),
        "role form with errors": member.post(
            reverse("listings:role", args=[listing.pk]), {"tasks": "", "expenses_note": "x"}
        ),
        "shifts page": member.get(reverse("listings:shifts", args=[listing.pk])),
        "shifts page with errors": member.post(
            reverse("listings:shifts", args=[listing.pk]), shift_form(ends_at="09:00")
        ),
        "refused sign-up": volunteer.post(reverse("listings:sign_up", args=[full.pk]), follow=True),
        "to-do with a shift": volunteer.get(reverse("members:todo")),
        "dashboard with shifts": volunteer.get(reverse("members:dashboard")),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
