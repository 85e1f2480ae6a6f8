"""The members' area end to end, as the issue tells it: a new person creates an account,
follows the emailed link and registers an organisation; staff verify it; the member posts a
need; a second organisation replies with an offer; the first accepts; both complete the
match; the impact page shows the new figures. axe checks every public page visited."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from consortium.models import Match, MatchStatus, Organisation, Person
from consortium.permissions import BROKERAGE_GROUP
from tests.accessibility import assert_accessible
from tests.browser_helpers import sign_in_to_the_admin
from tests.factories import UserFactory, make_site
from tests.personas import make_personas
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")
NEED = "Drivers for the Saturday food round"


def headline(page, label):
    return page.locator(".govuk-summary-list__row", has_text=label)


def test_from_a_new_account_to_a_completed_match_on_the_impact_page(page, new_tab):
    make_site()
    people = make_personas()  # Quarry Hill Youth Club is the second organisation
    broker = UserFactory(username="broker", first_name="Bea", last_name="Broker")
    broker.groups.add(Group.objects.get(name=BROKERAGE_GROUP))  # made by a migration
    Person.objects.create(user=broker)
    mail.outbox.clear()

    page.goto("/impact/")
    expect(headline(page, "Matches completed")).to_contain_text("0")

    # A new person creates an account and follows the emailed link.
    page.goto("/accounts/login/")
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    page.get_by_label("Email address").fill("asha@fernlea.example")
    page.get_by_label("Username", exact=True).fill("asha")
    page.get_by_label("Password", exact=True).fill("kettle-lantern-orchard-19")
    page.get_by_label("Confirm password").fill("kettle-lantern-orchard-19")
    page.get_by_label("For an organisation").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(LINK.search(mail.outbox[-1].body).group(1))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    shot(page, "dashboard-new-member")
    assert_accessible(page)

    # ... registers an organisation from the dashboard.
    page.get_by_role("link", name="register a new organisation").click()
    page.get_by_label("Organisation name").fill("Fernlea Good Food")
    page.get_by_label("Registered charity", exact=True).check()
    page.get_by_label("Charity Commission number").fill("1174 321")
    page.get_by_label("Postcode").fill("sw1a1aa")
    shot(page, "organisation-register")
    page.get_by_role("button", name="Register").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("GB-CHC-1174321")
    expect(main).to_contain_text("Not verified yet")
    assert_accessible(page)

    # Staff verify it in the admin.
    staff = new_tab()
    sign_in_to_the_admin(staff, "broker")
    staff.get_by_role("button", name="Brokerage").click()
    staff.get_by_role("link", name="Organisations", exact=True).click()
    staff.get_by_role("row", name=re.compile("Fernlea Good Food")).get_by_role(
        "link", name="Inspect"
    ).click()
    staff.get_by_role("button", name="Mark verified today").click()
    expect(staff.get_by_text("is marked verified today")).to_be_visible()
    shot(staff, "admin-organisation-verified")
    assert Organisation.objects.get(name="Fernlea Good Food").verified_on is not None

    # The member posts a need; a verified organisation's listing needs no approval.
    page.goto("/members/")
    page.get_by_role("link", name="post an offer or a need").click()
    page.get_by_label("Need", exact=True).check()
    page.get_by_label("Category").select_option(label="Volunteering time")
    page.get_by_label("Title").fill(NEED)
    page.get_by_label("Describe what you offer or need").fill("Two drivers, 9am to noon.")
    page.get_by_label("Area", exact=True).select_option(label="North")
    page.get_by_label("Free", exact=True).check()
    page.get_by_label("All members", exact=True).check()
    shot(page, "listing-form", full_page=True)
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_text("Your listing is published")).to_be_visible()
    assert_accessible(page)
    listing_url = page.url

    # A second organisation replies with an offer of help.
    club = new_tab()
    club.goto("/accounts/login/?next=/resources/")
    club.get_by_label("Username").fill("other-member-persona")
    club.get_by_label("Password").fill("shoal-demo")
    club.get_by_role("button", name="Sign in").click()
    club.get_by_role("link", name=NEED).click()
    club.get_by_label("Your message").fill("Our youth workers can drive the minibus.")
    club.get_by_role("button", name="Send reply").click()
    expect(club.get_by_text("Your reply is sent to Fernlea Good Food")).to_be_visible()
    assert_accessible(club)

    # The first accepts, and both mark the match complete with the hours given.
    page.goto(listing_url)
    page.get_by_role("link", name=re.compile("Accept or decline")).click()
    page.get_by_role("button", name="Accept this reply").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match on")
    assert_accessible(page)
    page.get_by_label("It happened").check()
    page.get_by_label("Volunteer hours given").fill("6")
    page.get_by_role("button", name="Save").click()
    club.goto(listing_url)
    club.get_by_role("link", name=re.compile("See the match")).click()
    club.get_by_label("It happened").check()
    club.get_by_label("Volunteer hours given").fill("6")
    club.get_by_role("button", name="Save").click()
    expect(club.locator(".govuk-tag").first).to_have_text("Completed")
    assert Match.objects.get().status == MatchStatus.COMPLETED

    # The impact page shows the new figures.
    page.goto("/impact/")
    expect(headline(page, "Matches completed")).to_contain_text("1")
    expect(headline(page, "Volunteer hours given")).to_contain_text("6")
    shot(page, "impact", full_page=True)
    assert_accessible(page)
    assert people.other_organisation.replies.count() == 1
