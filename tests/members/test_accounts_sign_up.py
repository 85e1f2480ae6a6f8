"""Creating an account: signing up as an organisation's person or a volunteer, errors next
to their fields, confirming the address, the emails' background task, and generated input.

Signing in and out and passwords: test_accounts_sign_in.py."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.members import accounts
from consortium.models import AccountType, Person
from tests.factories import UserFactory
from tests.members.account_helpers import NEW_PASSWORD, PASSWORD, is_signed_in

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")


def organisation_person(**changes):
    return {
        "email": "sam@fernlea.example",
        "username": "sam",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "account_type": "organisation",
        **changes,
    }


def volunteer(**changes):
    details = {
        "email": "robin@example.org",
        "username": "robin",
        "account_type": "volunteer",
        "volunteer_kind": "business",
        "employer": "Harbourside Building Society",
        "areas": ["north", "rural"],
        "help_kinds": ["practical", "skills"],
        "contact_by": "phone",
        "phone": "01632 960 001",
    }
    return organisation_person(**{**details, **changes})


def sign_up(client, data):
    return client.post("/accounts/signup/", data)


def confirmation_path(message):
    return LINK.search(message.body).group(1)


def test_person_signs_up_to_act_for_an_organisation_and_is_asked_to_check_their_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, organisation_person())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(username="sam")
    assert user.person.account_type == AccountType.ORGANISATION
    assert not user.person.is_volunteer
    assert [m.to for m in mail.outbox] == [["sam@fernlea.example"]]
    assert mail.outbox[0].subject == "[Shoal] Confirm your email address"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    assert not is_signed_in(client)


def test_volunteer_signs_up_with_where_and_how_they_help_and_how_to_reach_them(client):
    response = sign_up(client, volunteer())

    assert response.status_code == 302
    person = Person.objects.get(user__username="robin")
    assert person.account_type == AccountType.VOLUNTEER
    assert person.volunteer_kind == "business"
    assert person.employer == "Harbourside Building Society"
    assert person.areas == ["north", "rural"]
    assert person.help_kinds == ["practical", "skills"]
    assert person.contact_by == "phone" and person.phone == "01632 960 001"


def test_sign_up_page_asks_how_you_will_use_shoal_with_radios_in_a_fieldset(client):
    html = client.get("/accounts/signup/").content.decode()
    legend = re.search(r"<legend[^>]*>How will you use Shoal\?</legend>", html)
    assert legend
    assert 'type="radio" name="account_type" value="volunteer"' in html
    assert 'type="checkbox" name="areas" value="north"' in html
    assert "If you are an individual volunteer" in html


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            organisation_person(email="taken@example.org"),
            "email",
            "An account with this email address already exists",
        ),
        (organisation_person(password1="password", password2="password"), "password1", "common"),
        (organisation_person(password2="something-else-entirely"), "password2", "same password"),
        (volunteer(phone=""), "phone", "Enter a phone number, or choose to be contacted by email"),
        (volunteer(phone="call me maybe"), "phone", "Enter a phone number using digits"),
        (volunteer(employer=""), "employer", "Enter the business you volunteer through"),
        (volunteer(areas=[]), "areas", "Select at least one area"),
        (volunteer(help_kinds=[]), "help_kinds", "Select at least one kind of help"),
        (organisation_person(account_type=""), "account_type", "This field is required"),
    ],
    ids=[
        "duplicate email",
        "weak password",
        "passwords differ",
        "volunteer phone missing",
        "phone not a number",
        "business volunteer without employer",
        "volunteer without area",
        "volunteer without help",
        "no account type",
    ],
)
def test_sign_up_with_bad_input_says_what_is_wrong_next_to_the_field(client, data, field, message):
    UserFactory(username="existing", email="taken@example.org")
    users_before = get_user_model().objects.count()

    response = sign_up(client, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "<title>Error: Create an account" in html
    assert re.search(rf'id="id_{field}_error"[^>]*>.*?{re.escape(message)}', html, re.S)
    assert get_user_model().objects.count() == users_before
    assert mail.outbox == []


def test_duplicate_email_is_refused_whatever_its_capitals(client):
    UserFactory(username="existing", email="taken@example.org")
    response = sign_up(client, organisation_person(email="Taken@Example.org"))
    assert "An account with this email address already exists" in response.content.decode()


def test_organisation_person_does_not_need_volunteer_details(client):
    response = sign_up(client, organisation_person(contact_by="phone"))
    assert response.status_code == 302
    person = Person.objects.get(user__username="sam")
    assert person.areas == [] and person.phone == ""


def test_following_the_emailed_link_confirms_the_address_and_lands_signed_in_on_the_dashboard(
    client,
):
    sign_up(client, volunteer())
    path = confirmation_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm that robin@example.org is your email address" in page.content.decode()
    response = client.post(path)

    assert response.status_code == 302 and response["Location"] == "/members/"
    assert is_signed_in(client)
    assert EmailAddress.objects.get(email="robin@example.org").verified
    assert "Your account" in client.get("/members/").content.decode()


def test_link_followed_in_another_browser_confirms_then_asks_to_sign_in(client):
    sign_up(client, organisation_person())
    other_browser = client.__class__()

    response = other_browser.post(confirmation_path(mail.outbox[0]))

    assert response["Location"] == "/accounts/login/"
    assert EmailAddress.objects.get(email="sam@fernlea.example").verified
    assert (
        other_browser.post("/accounts/login/", {"login": "sam", "password": NEW_PASSWORD})[
            "Location"
        ]
        == "/members/"
    )


def test_unconfirmed_account_cannot_sign_in_until_the_link_is_followed(client):
    sign_up(client, organisation_person())

    response = client.post("/accounts/login/", {"login": "sam", "password": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert not is_signed_in(client)


def test_an_old_or_wrong_link_says_so_and_confirms_nothing(client):
    sign_up(client, organisation_person())
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert "This link has expired or has already been used" in response.content.decode()
    assert not EmailAddress.objects.get(email="sam@fernlea.example").verified


# Emails leave through the background task -------------------------------------------------


def test_verification_email_is_sent_through_the_send_email_task(client, monkeypatch):
    sent = []
    real = accounts.send_email

    class Spy:
        def enqueue(self, **kwargs):
            sent.append(kwargs)
            return real.enqueue(**kwargs)

    monkeypatch.setattr(accounts, "send_email", Spy())
    sign_up(client, organisation_person())

    assert [call["to"] for call in sent] == [["sam@fernlea.example"]]
    assert len(mail.outbox) == 1  # the immediate backend ran the task


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_database_backend_email_waits_for_the_worker(client):
    sign_up(client, organisation_person())

    assert mail.outbox == []
    # Only the email waits for the worker (Wagtail queues its own search-index tasks too).
    assert (
        DBTaskResult.objects.filter(task_path="consortium.notifications.tasks.send_email").count()
        == 1
    )

    # Between tasks the worker closes stale database connections; here that would end the
    # test's own transaction (on PostgreSQL), so the housekeeping is left out.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [m.to for m in mail.outbox] == [["sam@fernlea.example"]]
    assert LINK.search(mail.outbox[0].body)


# Hostile input ---------------------------------------------------------------------------

text = st.text(max_size=300)


@settings(
    max_examples=25,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    email=text,
    username=text,
    account_type=st.sampled_from(["organisation", "volunteer", "", "<script>alert(1)</script>"]),
    employer=text,
    phone=text,
    areas=st.lists(st.sampled_from(["north", "nowhere", "<b>", ""]), max_size=3),
)
def test_generated_sign_up_input_never_breaks_the_page_or_existing_accounts(
    client, email, username, account_type, employer, phone, areas
):
    cache.clear()  # allauth limits sign-ups per address; every example starts afresh
    existing = UserFactory(username="existing", email="taken@example.org")
    data = volunteer(
        email=email, username=username, account_type=account_type, employer=employer, phone=phone
    )
    data["areas"] = areas
    response = sign_up(client, data)

    assert response.status_code in (200, 302)
    assert "<script>alert(1)</script>" not in response.content.decode()
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD) and existing.email == "taken@example.org"
