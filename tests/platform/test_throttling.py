"""Guessing passwords and flooding password-reset emails are stopped, and the stop ends."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from portal.throttling import client_ip_address, lockout_response
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "shoal-demo"
LOCKED = "Too many attempts to sign in. Wait 15 minutes and try again, or reset your password."
RESET_LIMITED = "Too many requests to reset a password. Wait 60 minutes and try again."
# The admin's sign-in (/admin/login/) leads to the site's own, coming back to the admin.
ADMIN_SIGN_IN = "/accounts/login/?next=/admin/"
SIGN_IN_FORMS = ["/accounts/login/", ADMIN_SIGN_IN]


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Communications"))
    return user


def sign_in(client, url, password, username="editor", address="203.0.113.7"):
    # allauth's form (/accounts/login/) takes a username or email address as "login".
    field = "login" if url.startswith("/accounts/") else "username"
    return client.post(url, {field: username, "password": password}, REMOTE_ADDR=address)


def guess_wrong(client, url, times=5, **kwargs):
    return [sign_in(client, url, "wrong-password", **kwargs) for _ in range(times)]


def is_signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", SIGN_IN_FORMS)
def test_right_password_still_signs_in_after_a_few_mistakes(client, editor, url):
    guess_wrong(client, url, times=4)
    response = sign_in(client, url, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


@pytest.mark.parametrize("url", SIGN_IN_FORMS)
def test_sixth_attempt_is_refused_after_five_wrong_passwords_even_when_right(client, editor, url):
    first_four = guess_wrong(client, url, times=4)
    assert all(r.status_code == 200 and LOCKED not in r.content.decode() for r in first_four)
    guess_wrong(client, url, times=1)

    response = sign_in(client, url, PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not is_signed_in(client)


def test_public_sign_in_shows_the_lockout_in_the_gov_uk_error_summary(client, editor):
    guess_wrong(client, "/accounts/login/")
    html = sign_in(client, "/accounts/login/", PASSWORD).content.decode()
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "There is a problem" in summary and LOCKED in summary
    assert "<title>Error: Sign in" in html
    assert 'name="login"' in html  # the form is still there to try again later


@pytest.mark.parametrize("url", SIGN_IN_FORMS)
def test_lockout_ends_by_itself_after_the_cool_off(client, editor, url):
    guess_wrong(client, url)
    assert sign_in(client, url, PASSWORD).status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        response = sign_in(client, url, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_trying_again_during_the_lockout_does_not_make_it_longer(client, editor):
    url = "/accounts/login/"
    guess_wrong(client, url)
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False):
        assert sign_in(client, url, "wrong-again").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert sign_in(client, url, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=30))
def test_attempts_and_cool_off_come_from_settings(client, editor):
    guess_wrong(client, "/accounts/login/", times=3)
    html = sign_in(client, "/accounts/login/", PASSWORD).content.decode()
    assert "Wait 30 minutes and try again" in html


def test_the_admin_sign_in_leads_to_the_throttled_form_and_checks_no_password_itself(
    client, editor
):
    assert client.get("/admin/login/")["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    guess_wrong(client, ADMIN_SIGN_IN)
    # Posting a password to /admin/login/ itself signs nobody in and skips no lockout.
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302 and not is_signed_in(client)
    assert sign_in(client, ADMIN_SIGN_IN, PASSWORD).status_code == 429


def test_someone_guessing_elsewhere_does_not_lock_the_real_user_out(client, editor):
    guess_wrong(client, "/accounts/login/", address="198.51.100.66")
    response = sign_in(client, "/accounts/login/", PASSWORD, address="203.0.113.7")
    assert response.status_code == 302


def test_lockout_of_one_username_leaves_other_users_at_that_address_alone(client, editor):
    UserFactory(username="colleague")
    guess_wrong(client, "/accounts/login/")
    response = sign_in(client, "/accounts/login/", PASSWORD, username="colleague")
    assert response.status_code == 302


def test_a_sign_in_form_that_cannot_say_why_still_gets_a_page_that_does(rf, home_page):
    # Axes may lock out a sign-in from a form without LockoutMessageMixin (a future one).
    response = lockout_response(rf.post("/elsewhere/login/"), HttpResponse("Wrong password"), {})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw():
    # The visitor forged the first entry; the proxy appended the address it really saw.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7"
    )
    assert client_ip_address(request) == "203.0.113.7"


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip_address(request) == "10.0.0.2"


def reset(client, email, url="/accounts/password/reset/", address="203.0.113.7"):
    return client.post(url, {"email": email}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", ["/accounts/password/reset/", "/admin/password_reset/"])
def test_password_reset_stops_sending_emails_after_five_requests(client, editor, url):
    responses = [reset(client, "editor@example.org", url) for _ in range(5)]
    assert all(r.status_code == 302 for r in responses)
    assert len(mail.outbox) == 5

    response = reset(client, "editor@example.org", url)

    assert response.status_code == 429
    assert RESET_LIMITED in response.content.decode()
    assert len(mail.outbox) == 5


def test_password_reset_is_limited_per_address_whatever_the_email(client, editor):
    for n in range(5):
        assert reset(client, f"someone{n}@example.org").status_code == 302
    response = reset(client, "editor@example.org")
    assert response.status_code == 429
    assert "There is a problem" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_is_limited_per_email_whatever_the_address(client, editor):
    for n in range(5):
        assert reset(client, "Editor@example.org", address=f"192.0.2.{n}").status_code == 302
    response = reset(client, "editor@example.org", address="198.51.100.1")
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_password_reset_works_again_after_the_window(client, editor):
    for _ in range(6):
        reset(client, "editor@example.org")
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        assert reset(client, "editor@example.org").status_code == 302
    assert len(mail.outbox) == 6


def test_django_admin_is_gone(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
    assert "django-admin" not in client.get("/robots.txt").content.decode()
