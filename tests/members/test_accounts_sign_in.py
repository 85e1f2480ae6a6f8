"""Signing in and out, changing and resetting a password, and accounts made outside
sign-up.

Creating an account and confirming its address: test_accounts_sign_up.py."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from consortium.members import accounts
from consortium.models import AccountType, Person
from tests.factories import UserFactory
from tests.members.account_helpers import NEW_PASSWORD, PASSWORD, is_signed_in

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")


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
