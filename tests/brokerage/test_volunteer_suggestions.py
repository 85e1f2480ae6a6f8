"""Suggestions: needs that fit a volunteer on their dashboard, volunteers that fit a need on
its page (for its organisation only); and the availability pages are valid HTML."""

import datetime

import pytest
from django.db import reset_queries
from django.urls import reverse

from consortium.brokerage import availability as rules
from consortium.brokerage import suggestions
from consortium.models import Area, Category, ListingKind, Person
from tests.brokerage.availability_world import make_availability
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2030, 3, 5)


def _profile(personas, **fields):
    Person.objects.filter(user=personas.volunteer).update(**fields)
    personas.volunteer.refresh_from_db()


def test_the_dashboard_suggests_needs_that_fit_best_first(personas):
    _profile(personas, areas=["north"], help_kinds=["practical"])
    make_listing(personas.organisation, title="Stewards for the south fun run", area=Area.SOUTH)
    make_listing(personas.organisation, title="Countywide phone buddies", area=Area.COUNTYWIDE)
    make_listing(personas.organisation, title="Sort the north food bank", area=Area.NORTH)
    make_listing(personas.organisation, title="Drivers for lifts to clinic", area=Area.NORTH)
    make_listing(
        personas.other_organisation,
        title="Lend us chairs",
        kind=ListingKind.OFFER,
        category=Category.EQUIPMENT,
    )
    found = [listing.title for listing, _ in suggestions.needs_for_volunteer(personas.volunteer)]
    assert found == [
        "Drivers for lifts to clinic",  # in the North, and practical help
        "Sort the north food bank",  # in the North
        "Countywide phone buddies",
    ]
    page = as_user("volunteer", personas).get(reverse("members:dashboard")).content.decode()
    assert "Needs you could help with" in page
    assert page.index("Drivers for lifts") < page.index("Sort the north food bank")
    assert "south fun run" not in page and "Lend us chairs" not in page


def test_a_need_on_a_day_the_volunteer_cannot_help_comes_last(personas):
    _profile(personas, areas=["north"])
    make_availability(personas.volunteer, days=["tue"])
    wednesday = TUESDAY + datetime.timedelta(days=1)
    make_listing(
        personas.organisation,
        title="Wednesday stall",
        available_from=wednesday,
        available_until=wednesday,
    )
    make_listing(personas.organisation, title="Any day", available_from=None)
    make_listing(
        personas.organisation,
        title="Tuesday stall",
        available_from=TUESDAY,
        available_until=TUESDAY,
    )
    found = [listing.title for listing, _ in suggestions.needs_for_volunteer(personas.volunteer)]
    assert found == ["Tuesday stall", "Any day", "Wednesday stall"]


def test_at_most_five_suggestions_in_the_same_queries_however_many_needs(
    personas, django_assert_max_num_queries
):
    _profile(personas, areas=["north"])
    make_listing(personas.organisation, title="Need 0")
    client = as_user("volunteer", personas)
    client.get(reverse("members:dashboard"))  # warm the remembered menus
    reset_queries()
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("members:dashboard"))
    baseline = len(few.captured_queries)
    for n in range(1, 12):
        make_listing(personas.organisation, title=f"Need {n}")
    client.get(reverse("members:dashboard"))
    reset_queries()
    with django_assert_max_num_queries(baseline):
        page = client.get(reverse("members:dashboard")).content.decode()
    assert "Need 11" in page
    assert len(suggestions.needs_for_volunteer(personas.volunteer)) == 5


def test_a_need_already_replied_to_is_not_suggested_again(personas):
    from consortium.models import Reply

    need = make_listing(personas.organisation, title="Drivers wanted")
    Reply.objects.create(listing=need, user=personas.volunteer, message="Me")
    assert suggestions.needs_for_volunteer(personas.volunteer) == []


def test_the_need_page_shows_its_organisation_volunteers_whose_availability_fits(personas):
    need = make_listing(
        personas.organisation,
        title="Drivers for Tuesday lifts",
        available_from=TUESDAY,
        available_until=TUESDAY,
    )
    make_availability(personas.volunteer, note="fits")
    make_availability(personas.volunteer, days=["wed"], note="wrong day")
    make_availability(personas.volunteer, areas=["south"], note="wrong area")
    make_availability(personas.volunteer, help_kinds=["trustee"], note="wrong kind")
    withdrawn = make_availability(personas.volunteer, note="withdrawn")
    rules.withdraw(withdrawn)
    fitting = suggestions.volunteers_for_need(need)
    assert [a.note for a in fitting] == ["fits"]
    url = reverse("listings:detail", args=[need.pk])
    page = as_user("member", personas).get(url).content.decode()
    assert "Volunteers who could help" in page
    assert reverse("listings:ask_volunteer", args=[fitting[0].pk]) in page
    for outsider in ("other_member", "volunteer", "staff"):
        text = as_user(outsider, personas).get(url).content.decode()
        assert "Volunteers who could help" not in text, outsider


def test_at_most_five_volunteers_are_suggested_for_a_need(personas, need):
    for n in range(7):
        make_availability(personas.volunteer, note=f"volunteer {n}")
    assert len(suggestions.volunteers_for_need(need)) == 5


def test_the_availability_pages_are_valid_html(personas, need, tmp_path):
    from tests.brokerage.availability_world import availability_form
    from tests.platform.test_valid_html import validate

    _profile(personas, areas=["north"], help_kinds=["practical"])
    availability = make_availability(personas.volunteer, note="I have a car")
    asked = rules.ask_volunteer(availability, personas.organisation, personas.member, "Lifts?")
    rules.answer_ask(asked, accepted=True)
    waiting = rules.ask_volunteer(
        availability, personas.other_organisation, personas.other_member, "Visits?"
    )
    volunteer, member = as_user("volunteer", personas), as_user("member", personas)
    answers = {
        "dashboard with suggestions": volunteer.get(reverse("members:dashboard")),
        "my availability": volunteer.get(reverse("listings:my_availability")),
        "new availability": volunteer.get(reverse("listings:availability_create")),
        "availability errors": volunteer.post(
            reverse("listings:availability_create"), availability_form(days=[], note="x" * 600)
        ),
        "change": volunteer.get(reverse("listings:availability_edit", args=[availability.pk])),
        "withdraw": volunteer.get(
            reverse("listings:availability_withdraw", args=[availability.pk])
        ),
        "volunteers available": member.get(reverse("listings:volunteers"), {"area": "north"}),
        "ask": member.get(reverse("listings:ask_volunteer", args=[availability.pk])),
        "ask errors": member.post(
            reverse("listings:ask_volunteer", args=[availability.pk]), {"message": ""}
        ),
        "waiting ask, volunteer": volunteer.get(
            reverse("listings:availability_ask", args=[waiting.pk])
        ),
        "accepted ask, organisation": member.get(
            reverse("listings:availability_ask", args=[asked.pk])
        ),
        "need with volunteers": member.get(reverse("listings:detail", args=[need.pk])),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
