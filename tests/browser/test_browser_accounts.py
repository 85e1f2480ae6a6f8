"""A new person creates an account, follows the emailed link and lands on their dashboard."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from consortium.models import Person
from tests.accessibility import assert_accessible
from tests.factories import make_site
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")


def test_volunteer_creates_an_account_follows_the_emailed_link_and_lands_signed_in(page):
    make_site()
    mail.outbox.clear()
    page.goto("/accounts/login/")
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    assert_accessible(page)

    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Username", exact=True).fill("robin")
    page.get_by_label("Password", exact=True).fill("kettle-lantern-orchard-19")
    page.get_by_label("Confirm password").fill("kettle-lantern-orchard-19")
    page.get_by_label("As an individual volunteer").check()
    page.get_by_label("A local resident").check()
    page.get_by_label("Rural").check()
    page.get_by_label("Befriending and visiting").check()
    shot(page, "sign-up-volunteer", full_page=True)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    shot(page, "check-your-email")
    assert_accessible(page)

    link = LINK.search(mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    shot(page, "confirm-email")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/members/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("As an individual volunteer")).to_be_visible()
    expect(page.get_by_role("link", name="Your account", exact=True)).to_be_visible()
    shot(page, "dashboard-volunteer")
    assert_accessible(page)
    assert Person.objects.get(user__username="robin").areas == ["rural"]
