"""Surveys built by staff: answering, errors, emailed and exported responses, one per person."""

import csv
import datetime
import io
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import SiteSettings, SurveyFormField, SurveySubmission
from tests.factories import StandardPageFactory, SurveyPageFactory, UserFactory, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    page = SurveyPageFactory(
        parent=make_site(),
        title="Have your say",
        introduction="<p>It takes ten minutes.</p>",
        thank_you_text="<p>We will publish the results in the spring.</p>",
        to_address="surveys@assembly.example",
        from_address="noreply@assembly.example",
        subject="New survey response",
    )
    questions = [
        ("Your organisation", "singleline", True, "", "The name you are registered under"),
        ("Email address", "email", False, "", ""),
        ("Would you use webinars?", "radio", True, "Yes\nNo\nNot sure", ""),
        ("Which topics?", "checkboxes", False, "Funding\nVolunteering\nGovernance", ""),
        ("Anything else?", "multiline", False, "", ""),
    ]
    for n, (label, kind, required, choices, help_text) in enumerate(questions):
        SurveyFormField.objects.create(
            page=page,
            sort_order=n,
            label=label,
            field_type=kind,
            required=required,
            choices=choices,
            help_text=help_text,
        )
    return page


GOOD_ANSWERS = {
    "your_organisation": "Riverside Befrienders",
    "email_address": "hello@riverside.example",
    "would_you_use_webinars": "Yes",
    "which_topics": ["Funding", "Governance"],
    "anything_else": "Evening sessions, please.",
}


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


def test_staff_export_responses_as_csv(client, survey, admin_user):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(admin_user)
    listing = client.get(f"/admin/forms/submissions/{survey.pk}/")
    assert listing.status_code == 200 and "Riverside Befrienders" in listing.content.decode()
    response = client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "Your organisation" in rows[0]
    column = rows[0].index("Your organisation")
    assert rows[1][column] == "Riverside Befrienders"


def test_members_cannot_see_survey_responses(client, survey):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(UserFactory())
    response = client.get(f"/admin/forms/submissions/{survey.pk}/")
    assert response.status_code in (302, 403)


# --- Exports open safely in a spreadsheet ---------------------------------------------------

# Answers a spreadsheet would otherwise run as formulas (OWASP "CSV injection").
HOSTILE_ANSWERS = [
    '=HYPERLINK("http://x", "Click")',
    "+1+2",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    # The form strips leading white space, but answers stored another way may keep it.
    "\t=1+1",
    "\r=1+1",
]
# A summer afternoon: 13:05 in UTC is 14:05 in the UK (British Summer Time).
SENT_IN_JULY = datetime.datetime(2026, 7, 1, 13, 5, tzinfo=datetime.UTC)


def export(client, survey, export_format):
    response = client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile_answers(client, survey):
    for answer in HOSTILE_ANSWERS:
        answers = {**GOOD_ANSWERS, "your_organisation": answer, "anything_else": "We charge £10."}
        if answer[0].isspace():
            SurveySubmission.objects.create(page=survey, form_data=answers)
        else:
            assert "Thank you" in client.post(survey.url, answers).content.decode()
    SurveySubmission.objects.update(submit_time=SENT_IN_JULY)


def test_csv_export_opens_in_excel_with_pounds_uk_times_and_no_live_formulas(
    client, survey, admin_user, hostile_answers
):
    client.force_login(admin_user)
    body = export(client, survey, "csv")

    assert body.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark: Excel shows '£' as 'Â£'"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    headings, answers = rows[0], rows[1:]
    organisation = [row[headings.index("Your organisation")] for row in answers]
    assert organisation == ["'" + answer for answer in HOSTILE_ANSWERS]
    assert {row[headings.index("Anything else?")] for row in answers} == {"We charge £10."}
    assert {row[headings.index("Sent (UK time)")] for row in answers} == {"01/07/2026 14:05"}
    # Ordinary answers are exported as they were given.
    assert {row[headings.index("Email address")] for row in answers} == {"hello@riverside.example"}


def test_xlsx_export_has_no_live_formulas_and_uk_times(client, survey, admin_user, hostile_answers):
    client.force_login(admin_user)
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, survey, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    headings, answers = rows[0], rows[1:]
    organisation = [row[headings.index("Your organisation")] for row in answers]
    # Every answer comes back exactly, a carriage return included (openpyxl writes it as
    # &#13; with lxml, which python-docx installs).
    assert organisation == ["'" + answer for answer in HOSTILE_ANSWERS]
    assert {row[headings.index("Sent (UK time)")] for row in answers} == {
        datetime.datetime(2026, 7, 1, 14, 5)
    }
    assert {row[headings.index("Anything else?")] for row in answers} == {"We charge £10."}


# --- Only moderators and survey managers see the answers ------------------------------------


def staff(username, *group_names):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


def submissions_url(survey):
    return f"/admin/forms/submissions/{survey.pk}/"


def test_communications_staff_cannot_list_or_export_survey_answers(client, survey):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(staff("editor", "Communications"))

    assert "/admin/forms/" not in client.get("/admin/").content.decode()  # no Forms menu item
    assert survey.title not in client.get("/admin/forms/").content.decode()
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
        response = client.get(submissions_url(survey), params)
        assert response.status_code in (302, 403), params
        assert b"hello@riverside.example" not in response.content
    editing = client.get(f"/admin/pages/{survey.pk}/edit/")
    assert editing.status_code == 200  # they still edit the survey itself
    assert submissions_url(survey) not in editing.content.decode()


@pytest.mark.parametrize(
    "groups",
    [("Moderators",), ("Communications", "Survey managers")],
    ids=["moderator", "survey manager"],
)
def test_moderators_and_survey_managers_list_and_export_survey_answers(client, survey, groups):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(staff("manager", *groups))

    assert submissions_url(survey) in client.get("/admin/forms/").content.decode()
    listing = client.get(submissions_url(survey))
    assert listing.status_code == 200 and "hello@riverside.example" in listing.content.decode()
    assert b"hello@riverside.example" in export(client, survey, "csv")
    editing = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert submissions_url(survey) in editing


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


def test_admins_can_let_another_group_see_survey_answers(client, admin_user):
    client.force_login(admin_user)
    group = Group.objects.get(name="Survey managers")
    html = client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "<h3>Survey response</h3>" in html
