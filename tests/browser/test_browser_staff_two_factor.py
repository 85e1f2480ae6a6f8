"""A member of staff on a live site sets up an authenticator app before the admin opens,
then signs in with a code from it."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.factories import UserFactory, make_site
from tests.mfa_helpers import code_for, code_now

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "shoal-demo"


def sign_in(page, username="editor"):
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_staff_member_sets_up_an_authenticator_app_then_signs_in_with_its_code(page, settings):
    settings.STAFF_MFA_REQUIRED = True
    make_site()
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Communications"))

    page.goto("/admin/login/")
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    expect(
        page.get_by_text("Set up two-factor authentication before you use the admin")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Set up an authenticator app").click()
    if page.get_by_role("heading", name="Confirm it is you").is_visible():
        assert_accessible(page)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(
        page.get_by_role("img", name="QR code for setting up your authenticator app")
    ).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    assert_accessible(page)
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("link", name="Enter code from the app")).to_be_visible()
    assert_accessible(page)

    secret = page.locator("#authenticator-secret").text_content().strip()
    page.get_by_label("Code from the app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert_accessible(page)

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Next time, the code is asked for after the password.
    page.context.clear_cookies()
    page.goto("/admin/")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name=re.compile("That code is not right"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Security code").fill(code_now(editor))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_staff_member_adds_a_passkey_then_signs_in_with_it(page, settings):
    settings.STAFF_MFA_REQUIRED = True
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server is plain http
    make_site()
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Communications"))
    # Chromium's virtual authenticator stands in for a phone or security key.
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    page.goto("/admin/")
    sign_in(page)
    page.get_by_role("link", name="Add a passkey or security key").click()
    if page.get_by_role("heading", name="Confirm it is you").is_visible():
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey or security key")
    assert_accessible(page)
    page.get_by_label("Name of the key").fill("Laptop")
    page.get_by_role("button", name="Add the key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.context.clear_cookies()
    page.goto("/admin/")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    page.get_by_role("button", name="Use a passkey or security key").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
