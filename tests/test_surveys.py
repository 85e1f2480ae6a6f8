"""Surveys built by staff: answering, errors, emailed and exported responses, one per person."""

import csv
import io

import pytest
from django.core import mail

from home.models import SurveyFormField, SurveySubmission
from tests.factories import SurveyPageFactory, UserFactory, make_site

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
