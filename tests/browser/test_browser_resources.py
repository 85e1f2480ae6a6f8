"""Offers and needs in a real chromium: a need met by another organisation, and an individual
volunteer answering a volunteering need. axe checks every page the journeys visit."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from consortium.models import (
    AccountType,
    Audience,
    Category,
    ListingKind,
    Match,
    MatchStatus,
    Person,
    Reply,
)
from tests.accessibility import assert_accessible
from tests.brokerage.data import make_listing
from tests.factories import make_site
from tests.personas import make_personas
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "shoal-demo"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")


def sign_in(page, username, then="/resources/"):
    page.goto(f"/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))


def test_a_need_is_met_by_another_organisation_and_both_complete_the_match(page, new_tab):
    make_site()
    people = make_personas()
    people.organisation.verified_on = timezone.localdate()
    people.organisation.save()

    # The food bank posts a need.
    sign_in(page, "member-persona")
    shot(page, "offers-and-needs")
    assert_accessible(page)
    page.get_by_role("link", name="Post an offer or a need").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post an offer or a need")
    assert_accessible(page)
    page.get_by_role("button", name="Post it").click()  # nothing filled in: clear errors
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    shot(page, "listing-form-errors")
    assert_accessible(page)
    page.get_by_label("Need", exact=True).check()
    page.get_by_label("Category").select_option(label="Volunteering time")
    page.get_by_label("Title").fill("Drivers for Saturday food deliveries")
    page.get_by_label("Describe what you offer or need").fill("Three drivers, 9am to noon.")
    page.get_by_label("Area", exact=True).select_option(label="North")
    page.get_by_label("Free", exact=True).check()
    page.get_by_label("All members", exact=True).check()
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Drivers for Saturday food deliveries"
    )
    expect(page.get_by_text("Your listing is published")).to_be_visible()
    shot(page, "listing-published", full_page=True)
    assert_accessible(page)
    listing_url = page.url

    # The youth club replies, pointing to nothing but its message.
    club = new_tab()
    sign_in(club, "other-member-persona")
    club.get_by_role("link", name="Drivers for Saturday food deliveries").click()
    assert_accessible(club)
    club.get_by_label("Your message").fill("Two of our youth workers can drive the van.")
    shot(club, "listing-reply", full_page=True)
    club.get_by_role("button", name="Send reply").click()
    expect(club.get_by_text("Your reply is sent to Fernlea Food Bank")).to_be_visible()
    assert_accessible(club)

    # The food bank sees how long it has waited, and accepts.
    page.goto(listing_url)
    expect(page.get_by_text("waiting 0 days")).to_be_visible()
    shot(page, "listing-replies-waiting", full_page=True)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Accept or decline")).click()
    shot(page, "reply-accept-or-decline")
    assert_accessible(page)
    page.get_by_role("button", name="Accept this reply").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match on")
    shot(page, "match", full_page=True)
    assert_accessible(page)
    page.get_by_label("It happened").check()
    page.get_by_label("Volunteer hours given").fill("-4")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be 0 or more")
    assert_accessible(page)
    page.get_by_label("It happened").check()
    page.get_by_label("Volunteer hours given").fill("9")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("The match is finished when the other side answers too")
    ).to_be_visible()

    # The youth club confirms from its side.
    club.goto(listing_url)
    club.get_by_role("link", name=re.compile("See the match")).click()
    club.get_by_label("It happened").check()
    club.get_by_label("Volunteer hours given").fill("9")
    club.get_by_role("button", name="Save").click()
    expect(club.locator(".govuk-tag").first).to_have_text("Completed")
    shot(club, "match-completed")
    assert_accessible(club)

    match = Match.objects.get()
    assert match.status == MatchStatus.COMPLETED and match.hours == 9


def test_an_individual_volunteer_finds_a_volunteering_need_and_offers_to_help(page):
    make_site()
    people = make_personas()
    make_listing(
        people.organisation,
        kind=ListingKind.NEED,
        category=Category.VOLUNTEERING,
        title="Befrienders for older neighbours",
        audience=Audience.MEMBERS,
    )
    make_listing(people.organisation, category=Category.EQUIPMENT, title="A chest freezer")
    # The resident signs up as an individual volunteer and follows the emailed link.
    mail.outbox.clear()
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill("rosa@example.org")
    page.get_by_label("Username", exact=True).fill("resident")
    page.get_by_label("Password", exact=True).fill("kettle-lantern-orchard-19")
    page.get_by_label("Confirm password").fill("kettle-lantern-orchard-19")
    page.get_by_label("As an individual volunteer").check()
    page.get_by_label("A local resident").check()
    page.get_by_label("North").check()
    page.get_by_label("Befriending and visiting").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(CONFIRM_LINK.search(mail.outbox[-1].body).group(1))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    resident = Person.objects.get(user__username="resident").user
    assert resident.person.account_type == AccountType.VOLUNTEER

    page.get_by_role("link", name="Offers and needs").first.click()
    page.get_by_label("Category").select_option(label="Volunteering time")
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("link", name="A chest freezer")).to_have_count(0)
    shot(page, "offers-and-needs-filtered")
    assert_accessible(page)
    page.get_by_role("link", name="Befrienders for older neighbours").click()
    expect(page.get_by_text("You reply as an individual volunteer")).to_be_visible()
    shot(page, "listing-volunteer-reply", full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Send reply").click()  # empty: a clear error
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a message")
    assert_accessible(page)
    page.get_by_label("Your message").fill("I live nearby and can visit on Tuesdays.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply is sent to Fernlea Food Bank")).to_be_visible()
    expect(page.get_by_text("I live nearby and can visit on Tuesdays.")).to_be_visible()
    shot(page, "reply-sent")
    assert_accessible(page)

    reply = Reply.objects.get()
    assert reply.user == resident and reply.organisation is None
    shot(page, "watches", goto="/resources/watches/")
