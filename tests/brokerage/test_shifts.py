"""Volunteering roles and shifts: the organisation sets up a role and its shifts, individual
volunteers sign up and cancel, a full or past shift refuses, and the organisation sees who is
coming and is emailed."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consortium.brokerage import shifts
from consortium.brokerage.shifts import Shift, ShiftRefused, ShiftSignUp
from consortium.events import Event
from consortium.models import AccountType, Category, Person
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user
from tests.brokerage.shift_helpers import make_role, make_shift, role_form, shift_form
from tests.factories import UserFactory
from tests.personas import make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(personas):
    return make_role(personas.organisation)


def make_volunteer(username, **person):
    user = UserFactory(username=username, first_name="Priya", last_name="Shah")
    Person.objects.create(user=user, account_type=AccountType.VOLUNTEER, **person)
    return user


def sign_up(name, personas, shift):
    return as_user(name, personas).post(reverse("listings:sign_up", args=[shift.pk]), follow=True)


def detail(name, personas, role):
    return as_user(name, personas).get(reverse("listings:detail", args=[role.listing.pk]))


# Signing up ---------------------------------------------------------------------------------


def test_a_volunteer_signs_up_and_the_organisation_is_emailed(
    personas, role, mailoutbox, django_capture_on_commit_callbacks
):
    shift = make_shift(role, places=2)
    with django_capture_on_commit_callbacks(execute=True):
        page = sign_up("volunteer", personas, shift)
    assert "You are signed up" in page.content.decode()
    shift.refresh_from_db()
    assert shift.taken == 1
    told = {address for email in mailoutbox for address in email.to}
    assert told == {personas.member.email, personas.org_admin.email}
    assert "signed up" in mailoutbox[0].subject
    assert reverse("listings:shifts", args=[role.listing.pk]) in mailoutbox[0].body


def test_a_member_who_turned_off_sign_up_emails_is_not_told(
    personas, role, mailoutbox, django_capture_on_commit_callbacks
):
    personas.member.person.muted = [Event.SHIFT_SIGNED_UP.value]
    personas.member.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up("volunteer", personas, make_shift(role))
    told = {address for email in mailoutbox for address in email.to}
    assert told == {personas.org_admin.email}


def test_a_full_shift_shows_full_and_refuses_another_volunteer(personas, role):
    shift = make_shift(role, places=1)
    sign_up("volunteer", personas, shift)
    later = make_volunteer("late-volunteer")
    with pytest.raises(ShiftRefused, match="full"):
        shifts.sign_up(shift, later)
    assert ShiftSignUp.objects.filter(shift=shift).count() == 1
    page = detail("other_member", personas, role).content.decode()
    assert "Full" in page


def test_two_volunteers_who_both_saw_the_last_place_cannot_both_take_it(personas, role):
    shift = make_shift(role, places=1)
    seen_by_first, seen_by_second = Shift.objects.get(pk=shift.pk), Shift.objects.get(pk=shift.pk)
    shifts.sign_up(seen_by_first, personas.volunteer)
    assert seen_by_second.places_left == 1  # what the second volunteer's page said
    with pytest.raises(ShiftRefused, match="full"):
        shifts.sign_up(seen_by_second, make_volunteer("second-volunteer"))
    shift.refresh_from_db()
    assert (shift.taken, shift.sign_ups.count()) == (1, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_volunteers_signing_up_at_the_same_moment_never_over_fill_a_shift(home_page):
    personas = make_personas()
    shift = make_shift(make_role(personas.organisation), places=2)
    people = [make_volunteer(f"rush-{n}") for n in range(6)]
    start, outcomes = threading.Barrier(len(people)), []

    def try_to_sign_up(user):
        try:
            start.wait()
            shifts.sign_up(Shift.objects.get(pk=shift.pk), user)
            outcomes.append("signed up")
        except ShiftRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=try_to_sign_up, args=[user]) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shift.refresh_from_db()
    assert sorted(outcomes) == ["refused"] * 4 + ["signed up"] * 2
    assert shift.taken == 2
    assert ShiftSignUp.objects.filter(shift=shift, cancelled_at__isnull=True).count() == 2


def test_a_past_shift_or_one_that_has_started_refuses_sign_ups(personas, role):
    yesterday = make_shift(role, days=-1)
    with pytest.raises(ShiftRefused, match="already started"):
        shifts.sign_up(yesterday, personas.volunteer)
    now = timezone.localtime()
    started = shifts.add_shifts(role, [now.date()], datetime.time(0, 0), datetime.time(23, 59), 5)[
        0
    ]
    with pytest.raises(ShiftRefused, match="already started"):
        shifts.sign_up(started, personas.volunteer)
    page = sign_up("volunteer", personas, yesterday).content.decode()
    assert "This shift has already started" in page
    assert not ShiftSignUp.objects.exists()


def test_signing_up_twice_for_the_same_shift_is_refused(personas, role):
    shift = make_shift(role, places=5)
    sign_up("volunteer", personas, shift)
    page = sign_up("volunteer", personas, shift).content.decode()
    assert "You are already signed up for this shift" in page
    shift.refresh_from_db()
    assert shift.taken == 1


@pytest.mark.parametrize("name", ["other_member", "member", "org_admin", "staff"])
def test_only_individual_volunteers_sign_up_for_shifts(personas, role, name):
    shift = make_shift(role)
    response = as_user(name, personas).post(reverse("listings:sign_up", args=[shift.pk]))
    assert response.status_code == 403
    assert "Sign up for this shift" not in detail(name, personas, role).content.decode()
    assert "Sign up for this shift" in detail("volunteer", personas, role).content.decode()


def test_cancelling_gives_the_place_back_and_tells_the_organisation(
    personas, role, mailoutbox, django_capture_on_commit_callbacks
):
    shift = make_shift(role, places=1)
    signed = shifts.sign_up(shift, personas.volunteer)
    mailoutbox.clear()
    client = as_user("volunteer", personas)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("listings:cancel_sign_up", args=[signed.pk]), follow=True)
    assert "Your sign-up for" in page.content.decode()
    shift.refresh_from_db()
    assert shift.taken == 0
    assert "cancelled" in mailoutbox[0].subject
    assert shifts.sign_up(shift, make_volunteer("next-volunteer"))  # the place is free again
    again = client.post(reverse("listings:cancel_sign_up", args=[signed.pk]), follow=True)
    assert "You have already cancelled this sign-up" in again.content.decode()


def test_nobody_else_can_cancel_a_volunteers_sign_up(personas, role):
    signed = shifts.sign_up(make_shift(role), personas.volunteer)
    for name in ("member", "other_member", "staff"):
        response = as_user(name, personas).post(
            reverse("listings:cancel_sign_up", args=[signed.pk])
        )
        assert response.status_code == 404, name
    signed.refresh_from_db()
    assert signed.cancelled_at is None


# The organisation's side ---------------------------------------------------------------------


def test_the_organisation_sees_who_is_coming_with_the_contact_they_chose(personas, role):
    shift = make_shift(role, places=3)
    shifts.sign_up(shift, personas.volunteer)
    by_phone = make_volunteer("phone-volunteer", contact_by="phone", phone="07700 900123")
    shifts.sign_up(shift, by_phone)
    page = as_user("member", personas).get(reverse("listings:shifts", args=[role.listing.pk]))
    text = page.content.decode()
    assert personas.volunteer.email in text
    assert "07700 900123" in text and by_phone.email not in text
    assert "2 of 3 places taken" in text
    for name in ("other_member", "volunteer"):
        response = as_user(name, personas).get(reverse("listings:shifts", args=[role.listing.pk]))
        assert response.status_code == 403, name
    assert personas.volunteer.email not in detail("other_member", personas, role).content.decode()


def test_a_shift_with_sign_ups_is_not_removed_and_the_organisation_is_told_why(personas, role):
    busy, empty = make_shift(role, days=3), make_shift(role, days=4)
    shifts.sign_up(busy, personas.volunteer)
    client = as_user("member", personas)
    page = client.post(reverse("listings:remove_shift", args=[busy.pk]), follow=True)
    assert "1 person has signed up. Contact them first" in page.content.decode()
    assert Shift.objects.filter(pk=busy.pk).exists()
    page = client.post(reverse("listings:remove_shift", args=[empty.pk]), follow=True)
    assert "is removed" in page.content.decode()
    assert not Shift.objects.filter(pk=empty.pk).exists()
    refused = as_user("other_member", personas).post(
        reverse("listings:remove_shift", args=[busy.pk])
    )
    assert refused.status_code == 403


def test_every_tuesday_ten_till_twelve_for_four_weeks_adds_four_shifts(personas, role):
    today = timezone.localdate()
    tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    response = as_user("member", personas).post(
        reverse("listings:shifts", args=[role.listing.pk]),
        shift_form(date=tuesday.isoformat(), weeks="4", places="6"),
        follow=True,
    )
    assert "4 shifts added" in response.content.decode()
    added = list(role.shifts.all())
    assert [s.date for s in added] == [tuesday + datetime.timedelta(weeks=n) for n in range(4)]
    assert {(s.date.weekday(), s.places) for s in added} == {(1, 6)}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"ends_at": "09:00"}, "The end time must be after the start time"),
        ({"date": "2001-01-01"}, "The date must be today or in the future"),
        ({"places": "0"}, "Enter 1 place or more"),
        ({"places": "501"}, "Enter 500 places or fewer"),
        ({"weeks": "27"}, "Enter 26 weeks or fewer"),
        ({"starts_at": "half ten"}, "Enter a time, like 10:00"),
        ({"date": "31/02/2027"}, "Enter a real date"),
    ],
)
def test_bad_shift_input_gets_a_clear_error_on_the_form(personas, role, change, error):
    response = as_user("member", personas).post(
        reverse("listings:shifts", args=[role.listing.pk]), shift_form(**change)
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not role.shifts.exists()


# Role details -------------------------------------------------------------------------------


def test_role_details_are_shown_on_the_listing_in_a_summary_list(personas, need):
    client = as_user("member", personas)
    response = client.post(reverse("listings:role", args=[need.pk]), role_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("listings:shifts", args=[need.pk])
    page = detail("volunteer", personas, need.volunteer_role).content.decode()
    for shown in ("Drive the minibus", "Enhanced DBS check", "references needed", "45p a mile"):
        assert shown in page
    assert "govuk-summary-list" in page


def test_role_notes_are_length_limited_and_expenses_need_the_box_ticked(personas, need):
    client = as_user("member", personas)
    response = client.post(
        reverse("listings:role", args=[need.pk]),
        role_form(accessibility="x" * 1001, expenses_paid="", tasks=""),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "1,000" in text or "1000" in text
    assert "Say what the volunteer will do" in text
    assert "Tick “We pay volunteers&#x27; expenses”" in text or "Tick “We pay" in text


def test_only_volunteering_needs_have_a_role(personas):
    equipment = make_listing(personas.organisation, category=Category.EQUIPMENT)
    response = as_user("member", personas).get(reverse("listings:role", args=[equipment.pk]))
    assert response.status_code == 404


def test_a_need_without_shifts_sends_the_organisation_to_the_role_first(personas, need):
    response = as_user("member", personas).get(reverse("listings:shifts", args=[need.pk]))
    assert response["Location"] == reverse("listings:role", args=[need.pk])


# The volunteer's to-do list --------------------------------------------------------------------


def test_a_shift_in_the_next_seven_days_is_on_the_volunteers_to_do_list(personas, role):
    soon, later = make_shift(role, days=2), make_shift(role, days=10)
    cancelled = make_shift(role, days=3, starts="14:00", ends="15:00")
    shifts.sign_up(soon, personas.volunteer)
    shifts.sign_up(later, personas.volunteer)
    shifts.cancel(shifts.sign_up(cancelled, personas.volunteer))
    page = as_user("volunteer", personas).get(reverse("members:todo")).content.decode()
    assert 'id="todo-shifts"' in page
    assert "Volunteering shifts coming up (1)" in page
    assert f"{soon.date:%-d %B %Y}" in page
    assert f"{later.date:%-d %B %Y}" not in page


def test_a_need_promised_to_a_replier_still_takes_sign_ups_but_a_closed_one_does_not(
    personas, role
):
    shift = make_shift(role, places=3)
    role.listing.status = "promised"
    role.listing.save()
    assert sign_up("volunteer", personas, shift).status_code == 200
    role.listing.status = "closed"
    role.listing.save()
    late = as_user("volunteer", personas).post(reverse("listings:sign_up", args=[shift.pk]))
    assert late.status_code == 403
    shift.refresh_from_db()
    assert shift.taken == 1


def test_the_volunteers_dashboard_lists_their_coming_shifts(personas, role):
    later = make_shift(role, days=10)
    shifts.sign_up(later, personas.volunteer)
    page = as_user("volunteer", personas).get(reverse("members:dashboard")).content.decode()
    assert "Your shifts" in page
    assert f"{later.date:%-d %B %Y}" in page and role.listing.title in page
