"""Staff sign in to the Wagtail admin through the site's sign-in, with a second factor.

With STAFF_MFA_REQUIRED on (production's default), anyone who can reach the admin sets up
an authenticator app or a passkey before any admin page opens; later sign-ins ask for a code.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import UserFactory
from tests.members.account_helpers import PASSWORD, is_signed_in
from tests.mfa_helpers import code_now, recovery_codes, turn_on_authenticator_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


def staff(username="editor", group="Communications", **extra):
    user = UserFactory(username=username, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def sign_in_at_the_admin(client, username="editor", password=PASSWORD):
    """Sign in as a member of staff would: at /admin/login/, following where it leads."""
    sign_in_page = client.get("/admin/login/", follow=True)
    [(url, _status)] = sign_in_page.redirect_chain
    return client.post(url, {"login": username, "password": password})


def test_admin_sign_in_is_the_sites_own_sign_in_coming_back_to_the_admin(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    kept = client.get("/admin/login/?next=/admin/pages/")
    assert kept["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    elsewhere = client.get("/admin/login/?next=https://evil.example/")
    assert elsewhere["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_signed_out_visitor_to_an_admin_page_is_sent_to_sign_in_and_back(client):
    staff()
    response = client.get("/admin/pages/", follow=True)
    assert response.request["PATH_INFO"] == "/accounts/login/"
    assert response.request["QUERY_STRING"] == "next=%2Fadmin%2Fpages%2F"
    signed_in = client.post(
        "/accounts/login/?next=/admin/pages/", {"login": "editor", "password": PASSWORD}
    )
    assert signed_in["Location"] == "/admin/pages/"


@pytest.mark.parametrize(
    "username, group, superuser",
    [
        ("editor", "Communications", False),
        ("moderator", "Moderators", False),
        ("surveys", "Survey managers", False),
        ("broker", "Brokerage officers", False),
        ("admin", None, True),
    ],
)
@pytest.mark.usefixtures("mfa_required")
def test_staff_without_a_second_factor_are_sent_to_set_one_up_before_the_admin_opens(
    client, username, group, superuser
):
    staff(username, group, is_superuser=superuser, is_staff=superuser)
    signed_in = sign_in_at_the_admin(client, username)
    assert signed_in["Location"] == "/admin/"

    for path in ["/admin/", "/admin/pages/", "/admin/users/", "/admin/reports/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/", path

    set_up = client.get("/accounts/2fa/")
    html = set_up.content.decode()
    assert "Set up two-factor authentication before you use the admin" in html
    assert "Your account can open the Shoal admin, so it needs two-factor authentication" in html
    assert 'href="/accounts/2fa/totp/activate/"' in html


@pytest.mark.usefixtures("mfa_required")
def test_the_admin_opens_once_the_staff_member_turns_on_an_authenticator_app(client):
    user = staff()
    sign_in_at_the_admin(client)

    recovery_page = turn_on_authenticator_app(client, user)

    assert "Your recovery codes" in recovery_page.content.decode()
    assert len(recovery_codes(user)) == 10
    assert client.get("/admin/").status_code == 200
    assert 'href="/admin/"' in client.get("/accounts/2fa/").content.decode()


@pytest.mark.usefixtures("mfa_required")
def test_signing_in_again_asks_for_the_code_and_refuses_a_wrong_one(client):
    user = staff()
    sign_in_at_the_admin(client)
    turn_on_authenticator_app(client, user)
    client.logout()

    password_step = sign_in_at_the_admin(client)
    assert password_step["Location"] == "/accounts/2fa/authenticate/"
    assert not is_signed_in(client)
    code_page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "Enter your security code" in code_page
    assert 'autocomplete="one-time-code"' in code_page

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    html = wrong.content.decode()
    assert wrong.status_code == 200
    assert "<title>Error: Enter your security code" in html
    assert "That code is not right." in html
    assert 'class="govuk-error-summary"' in html
    assert not is_signed_in(client)

    right = client.post("/accounts/2fa/authenticate/", {"code": code_now(user)})
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_a_recovery_code_signs_in_once_and_never_again(client):
    user = staff()
    sign_in_at_the_admin(client)
    turn_on_authenticator_app(client, user)
    spare = recovery_codes(user)[0]
    client.logout()

    sign_in_at_the_admin(client)
    first = client.post("/accounts/2fa/authenticate/", {"code": spare})
    assert first["Location"] == "/admin/"
    assert len(recovery_codes(user)) == 9
    client.logout()

    sign_in_at_the_admin(client)
    again = client.post("/accounts/2fa/authenticate/", {"code": spare})
    assert "That code is not right." in again.content.decode()
    assert not is_signed_in(client)


@pytest.mark.usefixtures("mfa_required")
def test_a_member_who_cannot_reach_the_admin_is_offered_two_factor_but_not_forced(client):
    UserFactory(username="member")
    response = client.post("/accounts/login/", {"login": "member", "password": PASSWORD})
    assert response["Location"] == "/members/"
    dashboard = client.get("/members/")
    assert dashboard.status_code == 200
    assert re.search(
        r'<a class="govuk-link" href="/accounts/2fa/">Two-factor authentication</a>',
        dashboard.content.decode(),
    )
    assert client.get("/accounts/2fa/").status_code == 200


def test_without_the_setting_demo_staff_open_the_admin_with_a_password_alone(client):
    staff()
    assert sign_in_at_the_admin(client)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_first_superuser_signs_in_without_waiting_for_an_email_then_sets_up_two_factor(
    client, settings, monkeypatch
):
    # The production recipe: createsuperuser, then the admin's sign-in, on a site whose mail
    # may not be set up yet.
    settings.STAFF_MFA_REQUIRED = True
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Correct-horse-9")
    call_command("createsuperuser", interactive=False, username="installer", email="it@example.org")
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "installer", "password": "Correct-horse-9"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
