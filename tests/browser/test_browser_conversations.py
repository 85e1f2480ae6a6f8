"""A conversation in a real chromium: the poster and the replier exchange messages on the
reply's page, then the poster accepts and each sees the other's contact details. axe checks
the pages at 1280 and 320 px wide."""

import re

import pytest
from playwright.sync_api import expect

from consortium.models import Reply
from tests.accessibility import assert_accessible
from tests.brokerage.data import make_listing
from tests.browser.journey import assert_accessible_at_each_width, sign_in
from tests.factories import make_site
from tests.personas import make_personas

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def send(page, text):
    page.get_by_label("Send a message").fill(text)
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message is sent")).to_be_visible()


def test_poster_and_replier_exchange_messages_then_accept_and_see_each_others_contacts(
    page, new_tab
):
    make_site()
    people = make_personas()
    people.organisation.contact_email = "hello@fernlea.example"
    people.organisation.save()
    people.other_organisation.contact_phone = "01632 960 002"
    people.other_organisation.save()
    need = make_listing(people.organisation, title="Folding tables for a jumble sale")
    reply = Reply.objects.create(
        listing=need,
        user=people.other_member,
        organisation=people.other_organisation,
        message="We can lend six tables",
    )
    reply_url = f"/resources/replies/{reply.pk}/"

    # The poster asks a question before deciding; no contact details yet.
    sign_in(page, "member-persona", f"/resources/{need.pk}/")
    page.get_by_role("link", name=re.compile("Send a message or read the conversation")).click()
    expect(page).to_have_url(re.compile(re.escape(reply_url)))
    expect(page.get_by_text("No messages yet.")).to_be_visible()
    assert_accessible_at_each_width(page)
    page.get_by_role("button", name="Send message").click()  # empty: a clear error
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a message")
    assert_accessible(page)
    send(page, "Could you deliver them on Friday?")
    expect(page.get_by_text("01632 960 002")).to_have_count(0)

    # The replier answers on the same page.
    club = new_tab()
    sign_in(club, "other-member-persona", reply_url)
    expect(club.get_by_text("Could you deliver them on Friday?")).to_be_visible()
    expect(club.get_by_text("hello@fernlea.example")).to_have_count(0)
    send(club, "Yes, Friday at ten")
    assert_accessible_at_each_width(club)

    # The poster reads the answer after the question, then accepts.
    page.goto(reply_url)
    conversation = page.locator(".shoal-conversation")
    expect(conversation.locator("li")).to_have_count(2)
    expect(conversation.locator("li").nth(1)).to_contain_text("Yes, Friday at ten")
    page.get_by_role("button", name="Accept this reply").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match on")
    expect(page.get_by_text("01632 960 002")).to_be_visible()
    assert_accessible_at_each_width(page)

    # The replier now sees the poster's contact email on the match.
    club.goto(reply_url)
    club.get_by_role("link", name="See the match").click()
    expect(club.get_by_role("link", name="hello@fernlea.example")).to_be_visible()
    assert_accessible_at_each_width(club)
