"""Surveys built by staff: answering, errors, answers of a sensible length, optional choices,
one response per person, and the privacy notice.

Who sees the answers, and their exports: test_survey_responses.py."""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import SiteSettings, SurveyFormField, SurveySubmission
from tests.factories import StandardPageFactory, UserFactory, make_site
from tests.public.survey_answers import GOOD_ANSWERS

pytestmark = pytest.mark.django_db


def test_survey_form_renders_govuk_fields_with_labels_and_hints(client, survey):
    html = client.get(survey.url).content.decode()
    assert '<label class="govuk-label govuk-label--s" for="id_your_organisation">' in html
    assert 'class="govuk-hint" id="id_your_organisation_helptext"' in html
    assert 'aria-describedby="id_your_organisation_helptext"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in html
    assert 'class="govuk-radios__input"' in html and 'class="govuk-checkboxes__input"' in html
    assert "Email address (optional)" in html


def test_answering_the_survey_stores_emails_and_thanks(client, survey):
    response = client.post(survey.url, GOOD_ANSWERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you" in html and "publish the results in the spring" in html
    submission = SurveySubmission.objects.get(page=survey)
    assert submission.get_data()["your_organisation"] == "Riverside Befrienders"
    assert submission.get_data()["which_topics"] == ["Funding", "Governance"]
    assert submission.user is None
    (email,) = mail.outbox
    assert email.to == ["surveys@assembly.example"]
    assert email.subject == "New survey response"
    assert "Your organisation: Riverside Befrienders" in email.body


def test_bad_answers_get_clear_errors_next_to_the_fields_and_nothing_is_stored(client, survey):
    response = client.post(survey.url, {"email_address": "not an email"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Have your say" in html
    assert "There is a problem" in html
    assert 'href="#id_your_organisation"' in html
    assert 'id="id_your_organisation_error"' in html
    assert 'aria-describedby="id_your_organisation_helptext id_your_organisation_error"' in html
    assert "Enter an answer to “Your organisation”" in html
    assert "Choose an answer to “Would you use webinars?”" in html
    assert "Enter a valid email address." in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'value="not an email"' in html  # what they typed is kept
    assert SurveySubmission.objects.count() == 0
    assert mail.outbox == []


def test_signed_in_answers_remember_who_sent_them(client, survey):
    user = UserFactory()
    client.force_login(user)
    client.post(survey.url, GOOD_ANSWERS)
    assert SurveySubmission.objects.get().user == user


def test_one_response_per_person_asks_visitors_to_sign_in(client, survey):
    survey.one_response_per_user = True
    survey.save_revision().publish()
    response = client.get(survey.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_one_response_per_person_refuses_a_second_response(client, survey):
    survey.one_response_per_user = True
    survey.save_revision().publish()
    client.force_login(UserFactory())
    client.post(survey.url, GOOD_ANSWERS)
    again = client.get(survey.url).content.decode()
    assert "You have already answered this survey" in again
    client.post(survey.url, GOOD_ANSWERS)
    assert SurveySubmission.objects.count() == 1


# --- Answers have a sensible length ---------------------------------------------------------


def test_an_answer_too_long_gets_a_clear_error_naming_its_question(client, survey):
    too_long = {
        **GOOD_ANSWERS,
        "your_organisation": "x" * 256,
        "anything_else": "x" * 2_400_000,
    }
    html = client.post(survey.url, too_long).content.decode()
    assert "There is a problem" in html
    assert "Your answer to “Your organisation” must be 255 characters or fewer" in html
    assert "Your answer to “Anything else?” must be 5,000 characters or fewer" in html
    assert 'href="#id_anything_else"' in html  # linked from the error summary
    assert SurveySubmission.objects.count() == 0


def test_answers_up_to_the_limit_are_accepted(client, survey):
    long_enough = {**GOOD_ANSWERS, "your_organisation": "x" * 255, "anything_else": "x" * 5000}
    assert "Thank you" in client.post(survey.url, long_enough).content.decode()
    assert SurveySubmission.objects.get().get_data()["anything_else"] == "x" * 5000


# --- Optional choices start with no answer --------------------------------------------------


@pytest.fixture
def choice_survey(survey):
    for n, (label, kind, required) in enumerate(
        [
            ("How would you prefer to learn?", "dropdown", False),
            ("How often?", "radio", False),
            ("Which formats suit you?", "checkboxes", False),
            ("Where are you based?", "dropdown", True),
        ],
        start=10,
    ):
        SurveyFormField.objects.create(
            page=survey,
            sort_order=n,
            label=label,
            field_type=kind,
            required=required,
            choices="Webinars\nPodcasts\nA mix of these",
            default_value="A mix of these",
        )
    return survey


def test_choice_questions_start_with_no_answer_chosen(client, choice_survey):
    html = client.get(choice_survey.url).content.decode()
    assert html.count('<option value="" selected>Choose an answer</option>') == 2
    assert "checked" not in html and 'value="A mix of these" selected' not in html


class BrowserForm(HTMLParser):
    """What a browser sends for a form left as it was: the chosen options and ticked boxes,
    and a dropdown's first option when none is marked as chosen."""

    def __init__(self, html):
        super().__init__()
        self.data, self.select, self.first_option = {}, None, None
        self.feed(html.split('method="post"', 1)[1].split("</form>", 1)[0])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            if "checked" in attrs:
                self.data.setdefault(attrs["name"], []).append(attrs["value"])
        elif tag == "select":
            self.select, self.first_option = attrs["name"], None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attrs["value"]
            if "selected" in attrs:
                self.data[self.select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self.data.setdefault(self.select, self.first_option)
            self.select = None


def test_skipping_optional_choices_records_no_answer(client, choice_survey):
    sent = BrowserForm(client.get(choice_survey.url).content.decode()).data
    sent.update(
        your_organisation="Riverside Befrienders",
        would_you_use_webinars="Yes",
        where_are_you_based="Podcasts",
    )
    assert "Thank you" in client.post(choice_survey.url, sent).content.decode()
    answers = SurveySubmission.objects.get().get_data()
    assert answers["how_would_you_prefer_to_learn"] == ""
    assert answers["how_often"] == ""
    assert answers["which_formats_suit_you"] == []
    assert answers["where_are_you_based"] == "Podcasts"


def test_a_required_dropdown_still_needs_an_answer(client, choice_survey):
    html = client.post(
        choice_survey.url, {**GOOD_ANSWERS, "where_are_you_based": ""}
    ).content.decode()
    assert "Choose an answer to “Where are you based?”" in html
    assert SurveySubmission.objects.count() == 0


# --- Privacy notice and accessibility statement ---------------------------------------------


@pytest.fixture
def legal_pages(survey):
    home = make_site()
    privacy = StandardPageFactory(parent=home, title="Privacy notice", slug="privacy-notice")
    accessibility = StandardPageFactory(
        parent=home, title="Accessibility statement", slug="accessibility-statement"
    )
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_notice = privacy
    settings.accessibility_statement = accessibility
    settings.save()
    return privacy, accessibility


def test_every_page_footer_links_to_the_privacy_notice_and_accessibility_statement(
    client, legal_pages
):
    for url in ("/", "/have-your-say/", "/privacy-notice/"):
        footer = client.get(url).content.decode().split("<footer")[1]
        assert '<a class="govuk-footer__link" href="/privacy-notice/">Privacy notice</a>' in footer
        assert (
            '<a class="govuk-footer__link" href="/accessibility-statement/">'
            "Accessibility statement</a>" in footer
        )


def test_a_survey_links_to_the_privacy_notice_before_its_questions(client, survey, legal_pages):
    main = client.get(survey.url).content.decode().split("<footer")[0]
    link = '<a class="govuk-link" href="/privacy-notice/">privacy notice</a>'
    assert link in main
    assert main.index(link) < main.index('for="id_your_organisation"')  # the first question


def test_footer_links_cost_no_extra_database_queries(client, survey):
    def queries_for_home_page():
        client.get("/")  # warm per-process caches, as a running server has
        with CaptureQueriesContext(connection) as context:
            client.get("/")
        return len(context)

    without_links = queries_for_home_page()
    privacy = StandardPageFactory(parent=make_site(), title="Privacy", slug="privacy-notice")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_notice = settings.accessibility_statement = privacy
    settings.save()
    assert queries_for_home_page() == without_links
