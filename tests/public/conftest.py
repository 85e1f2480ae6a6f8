"""Fixtures shared by the public site's tests: ``site``, the community site (some modules here
make their own), and ``survey``, a survey with five questions."""

import pytest

from home.models import SurveyFormField
from tests.factories import SurveyPageFactory, make_site
from tests.public.community import CommunitySite


@pytest.fixture
def site():
    return CommunitySite()


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
