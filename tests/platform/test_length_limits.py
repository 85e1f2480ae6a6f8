"""Every text a person types has a length limit, and every form says it the same way.

The two walks below take every model and every form of the project from Django itself, so a
new text field without a limit fails here. The table of limits for a DPIA reviewer is in
docs/operators/limits.md. Each domain's forms are tried with too long a text in its own tests
(tests/*/test_*length_limits.py).
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models
from wagtail.fields import RichTextField

from consortium.templatetags.email_text import SHORTENED_NOTE, excerpt
from portal.forms import GovukFormMixin, LengthLimitMixin

PROJECT_APPS = ("consortium", "home", "search", "portal")

# Text that software writes, not people: no form offers them, so they need no limit here.
MACHINE_WRITTEN = {
    "history_change_reason",  # django-simple-history, a CharField(100) written by the rules
    "history_type",
}


def project_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0] in PROJECT_APPS and not model._meta.proxy
    ]


def typed_text_fields(model):
    for field in model._meta.concrete_fields:
        text = isinstance(field, (models.CharField, models.TextField))
        if text and field.model is model and field.editable and field.name not in MACHINE_WRITTEN:
            yield field


def test_every_text_field_a_person_edits_in_the_project_models_has_a_length_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in typed_text_fields(model)
        if field.max_length is None
    ]
    assert unlimited == [], "Give these a max_length (and add them to docs/operators/limits.md)"


def test_the_walk_of_the_models_sees_the_fields_people_type_into():
    seen = {
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in typed_text_fields(model)
    }
    assert {"consortium.Listing.description", "consortium.BidSection.body"} <= seen
    assert {"home.NewsPage.summary", "home.SurveyFormField.choices"} <= seen


def test_rich_text_limits_count_the_words_not_the_markup():
    outcomes = apps.get_model("home", "ClusterPage")._meta.get_field("outcomes")
    assert isinstance(outcomes, RichTextField)
    field = outcomes.formfield()
    field.validators[-1]("<p>" + "a" * outcomes.max_length + "</p>")  # the tags are free


def project_forms():
    for package in PROJECT_APPS:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            # A search backend loads only beside its own database (and holds no forms).
            skipped = (".migrations", ".settings", ".demo", "search.backends.")
            if not any(part in module.name for part in skipped):
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        form for form in subclasses(forms.BaseForm) if form.__module__.split(".")[0] in PROJECT_APPS
    }


def fields_of(form):
    """A form's fields as a person sees them (some forms set limits when they are made)."""
    try:
        return form().fields
    except (TypeError, ValueError, KeyError):  # it needs a bid, a user... or is a base class
        return form.base_fields


@pytest.mark.django_db
def test_every_text_box_on_the_project_forms_has_a_length_limit():
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in project_forms()
        for name, field in fields_of(form).items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        # A hidden field carries a version number the form checks; a password is hashed.
        and not isinstance(field.widget, (forms.HiddenInput, forms.PasswordInput))
    ]
    assert unlimited == []


def test_every_public_form_says_the_limit_the_same_way():
    assert issubclass(GovukFormMixin, LengthLimitMixin)

    class NoteForm(GovukFormMixin, forms.Form):
        note = forms.CharField(max_length=1000, error_messages={"max_length": "Some other wording"})
        comment = forms.CharField(label="Add a comment", max_length=3000)
        length_subjects = {"comment": "Your comment"}

    form = NoteForm({"note": "x" * 7342, "comment": "y" * 3001})
    assert not form.is_valid()
    assert form.errors["note"] == ["Note must be 1,000 characters or fewer (it has 7,342)."]
    assert form.errors["comment"] == [
        "Your comment must be 3,000 characters or fewer (it has 3,001)."
    ]
    # Browsers cut pasted text at maxlength without a word: the message tells people instead.
    assert "maxlength" not in str(form["note"])


def test_a_field_relabelled_after_set_up_is_named_by_its_new_label():
    class RelabelledForm(GovukFormMixin, forms.Form):
        login = forms.CharField(label="Login", max_length=254)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["login"].label = "Username or email address"

    form = RelabelledForm({"login": "u" * 255})
    assert form.errors["login"] == [
        "Username or email address must be 254 characters or fewer (it has 255)."
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Short and whole.", "Short and whole."),
        ("word " * 300, ("word " * 200).rstrip() + " " + SHORTENED_NOTE),
    ],
)
def test_emails_quote_the_start_of_a_long_message_and_send_readers_to_the_page(text, expected):
    assert excerpt(text) == expected
    assert len(excerpt("x" * 200_000)) < 1100


LONG_EMAIL = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "org"  # valid, and 308 characters


@pytest.mark.django_db
def test_an_email_address_too_long_for_the_database_is_refused_on_the_sign_up_form():
    from consortium.members.accounts import SignupForm
    from portal.forms import AddEmailForm

    form = SignupForm({"email": LONG_EMAIL, "username": "long", "account_type": "volunteer"})
    assert not form.is_valid()
    assert any("must be 254 characters or fewer (it has 308)." in e for e in form.errors["email"])
    assert AddEmailForm().fields["email"].max_length == 254
