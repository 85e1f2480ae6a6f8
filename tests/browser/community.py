"""Helpers shared by the community site's browser tests: signing in as a member, and the
survey's questions and answers."""

import re

from home.models import SurveyFormField

PASSWORD = "shoal-demo"


def sign_in_as_a_member(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def add_survey_questions(survey):
    questions = [
        ("Your name", "singleline", True, "", "As you would like us to address you"),
        ("Your email address", "email", True, "", ""),
        ("Are you a member organisation?", "radio", True, "Yes\nNo", ""),
        ("Which forums do you attend?", "checkboxes", False, "Older people\nYouth", ""),
        ("Anything else?", "multiline", False, "", ""),
    ]
    for n, (label, field_type, required, choices, help_text) in enumerate(questions):
        SurveyFormField.objects.create(
            page=survey,
            sort_order=n,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
            help_text=help_text,
        )


def fill_the_survey(page):
    page.get_by_label("Your name").fill("Sam Member")
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_role("group", name="Are you a member organisation?").get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("Which forums")).get_by_label("Youth").check()
    page.get_by_label("Anything else? (optional)").fill("Keep it up.")
    page.get_by_role("button", name="Send your answers").click()
