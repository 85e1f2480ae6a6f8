"""Creating an account, confirming the address, signing in and out, passwords, and email tasks."""

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

pytestmark = pytest.mark.django_db

PASSWORD = "shoal-demo"
NEW_PASSWORD = "kettle-lantern-orchard-19"
LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")
RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")


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


def is_signed_in(client):
    return "_auth_user_id" in client.session


def confirmation_path(message):
    return LINK.search(message.body).group(1)


def test_sign_in_page_keeps_its_address_heading_button_and_links_to_create_an_account(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert re.search(r'<button[^>]*type="submit"[^>]*>Sign in</button>', html)
    assert '<a class="govuk-link" href="/accounts/signup/">Create an account</a>' in html
    assert 'for="id_login">Username or email address' in html


def test_signed_out_header_offers_sign_in_and_signed_in_header_offers_your_account(client):
    html = client.get("/accounts/signup/").content.decode()
    assert '<a href="/accounts/login/">Sign in</a>' in html
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get("/accounts/password/change/").content.decode()
    assert '<a href="/members/">Your account</a>' in html and ">Sign out</button>" in html


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


@pytest.mark.parametrize("login", ["editor", "editor@example.org", "Editor@Example.org"])
def test_member_signs_in_with_username_or_email_address(client, login):
    UserFactory(username="editor")
    response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/members/"
    assert is_signed_in(client)


def test_sign_in_returns_to_the_page_asked_for(client):
    UserFactory(username="editor")
    response = client.post(
        "/accounts/login/?next=/members/notifications/", {"login": "editor", "password": PASSWORD}
    )
    assert response["Location"] == "/members/notifications/"


def test_wrong_passwords_by_email_address_lock_that_address_out_with_a_429(client):
    UserFactory(username="editor")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "editor@example.org", "password": "nope"})

    response = client.post(
        "/accounts/login/", {"login": "editor@example.org", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert not is_signed_in(client)


def test_sign_out_asks_then_signs_out(client):
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    assert ">Sign out</button>" in client.get("/accounts/logout/").content.decode()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not is_signed_in(client)


def test_change_password_then_sign_in_with_the_new_one(client):
    user = UserFactory(username="editor")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_forgotten_password_link_lets_you_choose_a_new_one(client):
    user = UserFactory(username="editor")
    client.post("/accounts/password/reset/", {"email": "editor@example.org"})
    path = RESET_LINK.search(mail.outbox[0].body).group(1)

    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_reset_for_an_unknown_address_sends_nothing_but_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_old_url_names_still_lead_to_the_allauth_pages():
    from django.urls import reverse

    assert reverse("login") == reverse("account_login") == "/accounts/login/"
    assert reverse("logout") == "/accounts/logout/"
    assert reverse("password_reset") == reverse("account_reset_password")
    assert reverse("password_change") == reverse("account_change_password")


def test_demo_and_staff_accounts_made_outside_sign_up_can_sign_in_at_once(client):
    user = UserFactory(username="moderator", email_verified=False)
    accounts.verified_email(user)
    accounts.verified_email(user)  # twice is harmless
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    response = client.post("/accounts/login/", {"login": "moderator", "password": PASSWORD})
    assert response["Location"] == "/members/"


def test_person_row_is_made_lazily_for_accounts_that_predate_it():
    user = UserFactory()
    assert not Person.objects.filter(user=user).exists()
    assert accounts.person_for(user).account_type == AccountType.ORGANISATION
    assert Person.objects.filter(user=user).count() == 1


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
