"""Volunteers' availability: a volunteer says when they can help, organisations find and ask
them, the volunteer accepts or declines; who gets which page (the ACCESS matrix)."""

import datetime

import pytest
from django.urls import reverse

from consortium.brokerage import availability as rules
from consortium.models import (
    AccountType,
    AskStatus,
    Availability,
    AvailabilityAsk,
    AvailabilityStatus,
    Person,
)
from tests.brokerage.availability_world import availability_form, make_availability, with_phone
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import _agreed_match, as_user
from tests.factories import UserFactory
from tests.personas import PERSONAS
from tests.personas import make_member as member_of

pytestmark = pytest.mark.django_db


def _availability(p):
    return make_availability(p.volunteer)


def _ask(p):
    return rules.ask_volunteer(_availability(p), p.organisation, p.member, "Lifts on Tuesday?")


def _match(p):
    return _agreed_match(p, make_listing(p.organisation))


VOLUNTEER_ONLY = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "volunteer": 200}
OWN_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "volunteer": 200}
MEMBERS = {"anonymous": 302, "volunteer": 403, **dict.fromkeys(PERSONAS[2:], 200)}
ASK_SIDES = {**OWN_ONLY, "member": 200, "org_admin": 200}

ACCESS = [
    ("my availability", lambda p: reverse("listings:my_availability"), VOLUNTEER_ONLY),
    ("adding availability", lambda p: reverse("listings:availability_create"), VOLUNTEER_ONLY),
    (
        "changing availability",
        lambda p: reverse("listings:availability_edit", args=[_availability(p).pk]),
        OWN_ONLY,
    ),
    (
        "withdrawing availability",
        lambda p: reverse("listings:availability_withdraw", args=[_availability(p).pk]),
        OWN_ONLY,
    ),
    ("volunteers available", lambda p: reverse("listings:volunteers"), MEMBERS),
    (
        "asking a volunteer (acting for an organisation)",
        lambda p: reverse("listings:ask_volunteer", args=[_availability(p).pk]),
        {**MEMBERS, "volunteer": 404, "staff": 403},
    ),
    (
        "an organisation's request to a volunteer (the two sides only)",
        lambda p: reverse("listings:availability_ask", args=[_ask(p).pk]),
        ASK_SIDES,
    ),
    (
        "a match's hours log (the two sides; staff read it)",
        lambda p: reverse("listings:hours_log", args=[_match(p).pk]),
        {"anonymous": 302, "volunteer": 404, **dict.fromkeys(PERSONAS[2:], 200)},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("description", "url_for", "expected"), ACCESS, ids=[row[0] for row in ACCESS]
)
def test_each_person_gets_what_the_rules_allow(personas, persona, description, url_for, expected):
    response = as_user(persona, personas).get(url_for(personas))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/login/")


# --- The volunteer says when they can help ---------------------------------------------------


def test_a_volunteer_says_they_can_give_lifts_on_tuesday_mornings_in_the_north(personas):
    client = as_user("volunteer", personas)
    response = client.post(reverse("listings:availability_create"), availability_form())
    assert response.status_code == 302
    availability = Availability.objects.get(user=personas.volunteer)
    assert availability.summary == "Tuesday morning in North"
    page = client.get(reverse("listings:my_availability")).content.decode()
    assert "I have a car and can give lifts" in page
    assert "Practical help (driving, gardening, DIY)" in page


def test_a_volunteer_who_chooses_nothing_is_told_what_is_missing(personas):
    response = as_user("volunteer", personas).post(
        reverse("listings:availability_create"),
        availability_form(help_kinds=[], areas=[], days=[], parts_of_day=[]),
    )
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Choose at least one kind of help",
        "Choose at least one area, or say you can help online",
        "Choose at least one day",
        "Choose morning, afternoon or evening",
    ):
        assert message in page
    assert not Availability.objects.exists()


def test_an_online_volunteer_needs_no_area(personas):
    response = as_user("volunteer", personas).post(
        reverse("listings:availability_create"), availability_form(areas=[], online="on")
    )
    assert response.status_code == 302
    assert Availability.objects.get().online


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"available_from": "2027-05-01", "available_until": "2027-04-01"}, "on or after"),
        ({"available_until": "2001-01-01"}, "today or later"),
        ({"available_from": "31/31/2027"}, "Enter a real date"),
        ({"note": "x" * 501}, "500"),
        ({"days": ["someday"]}, "Select a valid choice"),
    ],
)
def test_bad_dates_and_long_notes_get_a_clear_error_not_a_crash(personas, fields, message):
    response = as_user("volunteer", personas).post(
        reverse("listings:availability_create"), availability_form(**fields)
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_volunteer_changes_then_withdraws_their_availability(personas):
    availability = make_availability(personas.volunteer)
    client = as_user("volunteer", personas)
    client.post(
        reverse("listings:availability_edit", args=[availability.pk]),
        availability_form(days=["sat", "sun"], parts_of_day=["afternoon"]),
    )
    availability.refresh_from_db()
    assert availability.summary == "Saturday, Sunday afternoon in North"
    client.post(reverse("listings:availability_withdraw", args=[availability.pk]))
    availability.refresh_from_db()
    assert availability.status == AvailabilityStatus.WITHDRAWN
    listing = as_user("member", personas).get(reverse("listings:volunteers")).content.decode()
    assert "0 volunteers available" in listing


def test_another_volunteer_cannot_change_my_availability(personas):
    other = UserFactory(username="another-volunteer")
    Person.objects.create(user=other, account_type=AccountType.VOLUNTEER)
    availability = make_availability(personas.volunteer)
    client = as_user("volunteer", personas)
    client.force_login(other)
    response = client.post(reverse("listings:availability_withdraw", args=[availability.pk]), {})
    assert response.status_code == 404
    availability.refresh_from_db()
    assert availability.status == AvailabilityStatus.OPEN


# --- Organisations find volunteers ------------------------------------------------------------


def test_organisations_see_what_the_volunteer_chose_to_show_and_never_their_email(personas):
    personas.volunteer.first_name = "Priya"
    personas.volunteer.save()
    make_availability(personas.volunteer, note="Happy to drive")
    page = as_user("member", personas).get(reverse("listings:volunteers")).content.decode()
    assert "A volunteer" in page and "Happy to drive" in page
    assert "Priya" not in page
    assert personas.volunteer.email not in page
    Availability.objects.update(show_first_name=True)
    page = as_user("member", personas).get(reverse("listings:volunteers")).content.decode()
    assert "Priya" in page
    assert personas.volunteer.email not in page


def test_volunteers_are_filtered_by_area_and_kind_of_help(personas):
    make_availability(personas.volunteer, note="North lifts")
    make_availability(personas.volunteer, areas=["south"], note="South lifts")
    make_availability(personas.volunteer, areas=["countywide"], note="Anywhere lifts")
    make_availability(personas.volunteer, help_kinds=["trustee"], note="North trustee")
    make_availability(personas.volunteer, note="Ended", available_until=datetime.date(2001, 1, 1))
    client = as_user("member", personas)
    page = client.get(reverse("listings:volunteers"), {"area": "north", "help_kind": "practical"})
    text = page.content.decode()
    assert "North lifts" in text and "Anywhere lifts" in text
    assert "South lifts" not in text and "North trustee" not in text and "Ended" not in text
    assert "2 volunteers available" in text


# --- Asking, accepting, declining --------------------------------------------------------------


def test_an_organisation_asks_and_the_volunteer_is_emailed_and_sees_it_to_do(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    availability = make_availability(personas.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("member", personas).post(
            reverse("listings:ask_volunteer", args=[availability.pk]),
            {"message": "Could you drive Mrs Jones to the clinic?"},
        )
    ask = AvailabilityAsk.objects.get()
    assert response["Location"] == reverse("listings:availability_ask", args=[ask.pk])
    assert [m.to for m in mailoutbox] == [[personas.volunteer.email]]
    assert "Could you drive Mrs Jones to the clinic?" in mailoutbox[0].body
    assert personas.organisation.name in mailoutbox[0].subject
    todo = as_user("volunteer", personas).get(reverse("members:todo")).content.decode()
    assert "Organisations asking you to help" in todo
    assert reverse("listings:availability_ask", args=[ask.pk]) in todo


def test_an_empty_or_repeated_ask_gets_a_clear_error(personas):
    availability = make_availability(personas.volunteer)
    client = as_user("member", personas)
    url = reverse("listings:ask_volunteer", args=[availability.pk])
    empty = client.post(url, {"message": ""})
    assert empty.status_code == 400
    assert "Write what you would like them to help with" in empty.content.decode()
    client.post(url, {"message": "Lifts?"})
    again = as_user("org_admin", personas).post(url, {"message": "Lifts, please?"})
    assert again.status_code == 400
    assert "has already asked this volunteer" in again.content.decode()
    assert AvailabilityAsk.objects.count() == 1


def test_nothing_is_shared_before_the_volunteer_accepts_then_both_sides_see_contacts(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with_phone(personas.volunteer)
    personas.organisation.contact_email = "hello@fernlea.example"
    personas.organisation.save()
    ask = _ask(personas)
    url = reverse("listings:availability_ask", args=[ask.pk])
    member, volunteer = as_user("member", personas), as_user("volunteer", personas)
    assert "07700 900123" not in member.get(url).content.decode()
    assert "hello@fernlea.example" not in volunteer.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        volunteer.post(url, {"decision": "accept"})
    ask.refresh_from_db()
    assert ask.status == AskStatus.ACCEPTED
    assert "07700 900123" in member.get(url).content.decode()
    assert "hello@fernlea.example" in volunteer.get(url).content.decode()
    told = {m.to[0] for m in mailoutbox}
    assert told == {personas.member.email, personas.org_admin.email}
    assert "07700 900123" in mailoutbox[0].body
    todo = volunteer.get(reverse("members:todo")).content.decode()
    assert url not in todo


def test_a_declined_ask_shares_nothing_and_only_the_volunteer_may_answer(personas):
    with_phone(personas.volunteer)
    ask = _ask(personas)
    url = reverse("listings:availability_ask", args=[ask.pk])
    refused = as_user("member", personas).post(url, {"decision": "accept"})
    assert refused.status_code == 403
    as_user("volunteer", personas).post(url, {"decision": "decline"})
    ask.refresh_from_db()
    assert ask.status == AskStatus.DECLINED
    assert "07700 900123" not in as_user("member", personas).get(url).content.decode()
    again = as_user("volunteer", personas).post(url, {"decision": "accept"})
    assert again.status_code == 403


def test_members_of_another_organisation_cannot_read_the_ask(personas):
    ask = _ask(personas)
    member_of("third-org-member", personas.other_organisation)
    response = as_user("other_member", personas).get(
        reverse("listings:availability_ask", args=[ask.pk])
    )
    assert response.status_code == 404


def test_a_withdrawn_availability_cannot_be_asked(personas):
    availability = make_availability(personas.volunteer)
    rules.withdraw(availability)
    response = as_user("member", personas).post(
        reverse("listings:ask_volunteer", args=[availability.pk]), {"message": "Lifts?"}
    )
    assert response.status_code == 404
