"""A session left open is not enough to take an account over or hand out admin rights:
adding an email address, changing the password, two-factor changes and staff role changes
ask the person to prove who they are again."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import UserFactory
from tests.members.account_helpers import NEW_PASSWORD, PASSWORD
from tests.mfa_helpers import turn_on_authenticator_app

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=10)  # past the five-minute reauthentication timeout


def signed_in(client, username="member", **extra):
    user = UserFactory(username=username, **extra)
    response = client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302
    return user


def add_address(client, email="new@example.org"):
    return client.post("/accounts/email/", {"action_add": "1", "email": email})


def test_an_old_session_cannot_add_an_email_address_without_the_password(client):
    user = signed_in(client)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        response = add_address(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2Femail%2F"
    assert not EmailAddress.objects.filter(user=user, email="new@example.org").exists()


def test_the_address_is_added_once_the_person_confirms_it_is_them(client):
    user = signed_in(client)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        confirm_page = client.get(add_address(client)["Location"]).content.decode()
        assert "Confirm it is you" in confirm_page
        wrong = client.post(
            "/accounts/reauthenticate/?next=/accounts/email/", {"password": "not-it"}
        )
        assert "<title>Error: Confirm it is you" in wrong.content.decode()
        assert not EmailAddress.objects.filter(email="new@example.org").exists()

        client.post("/accounts/reauthenticate/?next=/accounts/email/", {"password": PASSWORD})

    assert EmailAddress.objects.filter(user=user, email="new@example.org").exists()


def test_changing_the_password_needs_the_current_one(client):
    user = signed_in(client)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "a-guess", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_turning_off_the_authenticator_app_in_an_old_session_asks_who_it_is_first(client):
    user = signed_in(client)
    turn_on_authenticator_app(client, user)

    with time_machine.travel(timezone.now() + LATER, tick=False):
        response = client.post("/accounts/2fa/totp/deactivate/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/reauthenticate/?next=")
        alternatives = client.get(response["Location"]).content.decode()
        assert "Use a code from your authenticator app, or a recovery code" in alternatives

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# -- Staff role changes in the Wagtail admin ---------------------------------------------------


def user_form(user, groups):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": "Sam",
        "last_name": "Jones",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [group.pk for group in groups],
    }


def test_giving_someone_a_role_in_an_old_admin_session_asks_for_the_password_first(client):
    signed_in(client, "admin", is_superuser=True, is_staff=True)
    colleague = UserFactory(username="colleague")
    moderators = Group.objects.get(name="Moderators")
    edit = f"/admin/users/edit/{colleague.pk}/"

    with time_machine.travel(timezone.now() + LATER, tick=False):
        response = client.post(edit, user_form(colleague, [moderators]))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/reauthenticate/?next=")
        assert not colleague.groups.exists()

        # Once confirmed, the change the admin made is carried out, nothing typed again.
        client.post(response["Location"], {"password": PASSWORD})
        assert list(colleague.groups.all()) == [moderators]

        # And for the next few minutes, role changes go straight through.
        response = client.post(edit, user_form(colleague, []))
        assert response.status_code == 302 and not response["Location"].startswith("/accounts")
        assert not colleague.groups.exists()


def test_deleting_a_group_in_an_old_admin_session_asks_for_the_password_first(client):
    signed_in(client, "admin", is_superuser=True, is_staff=True)
    group = Group.objects.create(name="Volunteers' panel")
    with time_machine.travel(timezone.now() + LATER, tick=False):
        response = client.post(f"/admin/groups/delete/{group.pk}/")
    assert response["Location"].startswith("/accounts/reauthenticate/?next=")
    assert Group.objects.filter(pk=group.pk).exists()


def test_reading_the_user_list_needs_no_new_password(client):
    signed_in(client, "admin", is_superuser=True, is_staff=True)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        assert client.get("/admin/users/").status_code == 200
