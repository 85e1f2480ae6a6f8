"""Every member may turn on two-factor authentication (allauth.mfa's pages under
/accounts/2fa/, in the site's GOV.UK style); nobody but staff is made to.

Staff, for whom it is required in production: tests/staff/test_staff_two_factor.py."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.members.account_helpers import PASSWORD, is_signed_in
from tests.mfa_helpers import ACTIVATE, code_now, recovery_codes, turn_on_authenticator_app
from tests.platform.test_valid_html import validate

pytestmark = pytest.mark.django_db


def member_client(username="member"):
    client = Client()
    user = UserFactory(username=username)
    client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    return client, user


def test_a_member_turns_on_an_authenticator_app_and_is_asked_for_a_code_next_time():
    client, user = member_client()
    page = client.get("/accounts/2fa/").content.decode()
    assert '<dd class="govuk-summary-list__value">Not set up</dd>' in page

    recovery_page = turn_on_authenticator_app(client, user).content.decode()
    assert all(code in recovery_page for code in recovery_codes(user))
    assert (
        '<dd class="govuk-summary-list__value">On</dd>'
        in client.get("/accounts/2fa/").content.decode()
    )

    client.logout()
    response = client.post("/accounts/login/", {"login": "member", "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not is_signed_in(client)
    response = client.post("/accounts/2fa/authenticate/", {"code": code_now(user)})
    assert response["Location"] == "/members/"
    assert is_signed_in(client)


def test_after_five_wrong_codes_even_the_right_one_waits_five_minutes():
    client, user = member_client()
    turn_on_authenticator_app(client, user)
    client.logout()
    client.post("/accounts/login/", {"login": "member", "password": PASSWORD})
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        cache.clear()  # each guess answered by another worker: the count is in the database

    refused = client.post("/accounts/2fa/authenticate/", {"code": code_now(user)})
    assert "Too many codes tried. Wait 5 minutes and try again." in refused.content.decode()
    assert not is_signed_in(client)

    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        response = client.post("/accounts/2fa/authenticate/", {"code": code_now(user)})
    assert response["Location"] == "/members/"


def test_a_wrong_or_missing_setup_code_is_refused_on_the_form():
    client, user = member_client()
    turn_on = client.get(ACTIVATE)
    if turn_on.status_code == 302:  # confirm it is you first
        client.post(turn_on["Location"], {"password": PASSWORD})

    for code, message in [("", "Enter code from the app"), ("123", "That code is not right.")]:
        response = client.post(ACTIVATE, {"code": code})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<title>Error: Set up an authenticator app" in html
        assert message in html
    assert not Authenticator.objects.filter(user=user).exists()


def test_the_passkey_page_offers_a_named_key_and_loads_allauths_script():
    client, _user = member_client()
    page = client.get("/accounts/2fa/webauthn/add/")
    if page.status_code == 302:
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get("/accounts/2fa/webauthn/add/")
    html = page.content.decode()
    assert 'for="id_name">Name of the key' in html
    assert 'id="mfa_webauthn_add"' in html
    assert "/static/mfa/js/webauthn.js" in html
    # A forged credential is refused on the form, not with a server error.
    response = client.post("/accounts/2fa/webauthn/add/", {"name": "Laptop", "credential": "{}"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(type=Authenticator.Type.WEBAUTHN).exists()


def test_two_factor_pages_are_valid_html(tmp_path):
    client, user = member_client()
    answers = {"index, nothing set up": client.get("/accounts/2fa/")}
    answers["confirm it is you"] = client.get("/accounts/reauthenticate/?next=/accounts/2fa/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    answers["activate"] = client.get(ACTIVATE)
    answers["activate with an error"] = client.post(ACTIVATE, {"code": "1"})
    answers["add a passkey"] = client.get("/accounts/2fa/webauthn/add/")
    answers["passkeys, none yet"] = client.get("/accounts/2fa/webauthn/")
    turn_on_authenticator_app(client, user)
    answers["index, app on"] = client.get("/accounts/2fa/")
    answers["recovery codes"] = client.get("/accounts/2fa/recovery-codes/")
    answers["make new codes"] = client.get("/accounts/2fa/recovery-codes/generate/")
    answers["turn off the app"] = client.get("/accounts/2fa/totp/deactivate/")
    answers["confirm with a code"] = client.get("/accounts/2fa/reauthenticate/?next=/accounts/")
    client.logout()
    client.post("/accounts/login/", {"login": "member", "password": PASSWORD})
    answers["code at sign-in"] = client.get("/accounts/2fa/authenticate/")
    answers["wrong code at sign-in"] = client.post("/accounts/2fa/authenticate/", {"code": "1"})

    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n:02}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:02}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
