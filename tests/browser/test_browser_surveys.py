"""A survey in a real chromium: sent empty, it explains each problem and links to its
question; filled in, it thanks the visitor and stores the answers.

Live-server tests flush the database after each test, which would also remove what the
migrations created (the editorial groups and the moderation workflow), so these tests ask
for a serialised rollback: Django reloads that data before each of them.
"""

import re

import pytest
from playwright.sync_api import expect

from home.models import SurveySubmission
from tests.accessibility import assert_accessible
from tests.browser.community import add_survey_questions, fill_the_survey
from tests.factories import SurveyPageFactory, make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# --- the survey form -----------------------------------------------------------------------


@pytest.fixture
def survey():
    page = SurveyPageFactory(parent=make_site(), thank_you_text="<p>We read every answer.</p>")
    add_survey_questions(page)
    return page


def test_a_survey_sent_empty_explains_each_problem_and_links_to_its_question(page, survey):
    page.goto(survey.url)
    page.get_by_role("button", name="Send your answers").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)

    # Each error is shown beside its question and read out with it, and each link in the
    # summary takes the keyboard focus to the answer it is about.
    name = page.get_by_label("Your name")
    email = page.get_by_label("Your email address")
    member = page.get_by_role("group", name="Are you a member organisation?")
    expect(page.locator(".govuk-form-group--error")).to_have_count(3)
    for question, error in (
        (name, "Enter an answer to “Your name”"),
        (email, "Enter an answer to “Your email address”"),
        (member, "Choose an answer to “Are you a member organisation?”"),
    ):
        expect(question).to_have_accessible_description(re.compile(re.escape(error)))
    expect(name).to_have_accessible_description(re.compile("^As you would like us to address you"))
    for n, answer in enumerate([name, email, member.get_by_label("Yes")]):
        links.nth(n).click()
        expect(answer).to_be_focused()

    assert_accessible(page)
    assert SurveySubmission.objects.count() == 0


def test_a_survey_filled_in_thanks_the_visitor_and_stores_the_answers(page, survey):
    page.goto(survey.url)
    fill_the_survey(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_role("main")).to_contain_text("We read every answer.")
    assert SurveySubmission.objects.count() == 1
    answers = SurveySubmission.objects.get().get_data()
    assert answers["your_name"] == "Sam Member"
    assert answers["are_you_a_member_organisation"] == "Yes"
