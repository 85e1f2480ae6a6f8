"""Surveys: questions built by staff in the admin with Wagtail's form builder."""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import (
    AbstractFormField,
    AbstractFormSubmission,
    EmailFormMixin,
    FormMixin,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from home.blocks import BodyBlock
from portal.forms import GovukFormMixin

from .pages import RICH_TEXT_LENGTH, BasePage

CHOICE_FIELD_TYPES = {"checkbox", "checkboxes", "dropdown", "multiselect", "radio"}
# Questions offering a list of answers: none is chosen until the person chooses one.
LIST_CHOICE_FIELD_TYPES = {"checkboxes", "dropdown", "multiselect", "radio"}
# Long enough for any real answer, short enough that nobody can fill the database.
MAX_ANSWER_LENGTHS = {"singleline": 255, "multiline": 5000}
BLANK_CHOICE_LABEL = "Choose an answer"
# Answers hold personal data: only people with this permission (Moderators and Survey
# managers, given by migration 0007) may list or export them. See home/wagtail_hooks.py.
VIEW_ANSWERS_PERMISSION = "home.view_surveysubmission"


class SurveyFormBuilder(FormBuilder):
    """Builds the survey form so that it renders the GOV.UK way, like every public form."""

    def get_field_options(self, field):
        """Say which question is missing an answer, not just "This field is required"."""
        options = super().get_field_options(field)
        verb = "Choose" if field.field_type in CHOICE_FIELD_TYPES else "Enter"
        options["error_messages"] = {"required": f"{verb} an answer to “{field.label}”"}
        if field.field_type in LIST_CHOICE_FIELD_TYPES:
            # Never pre-select an answer (GOV.UK's advice): it would be recorded for everyone
            # who skipped the question, and a required question would no longer need one.
            options["initial"] = None
        return options

    def create_singleline_field(self, field, options):
        options["max_length"] = MAX_ANSWER_LENGTHS["singleline"]
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MAX_ANSWER_LENGTHS["multiline"]
        return super().create_multiline_field(field, options)

    def create_dropdown_field(self, field, options):
        formfield = super().create_dropdown_field(field, options)
        # A blank first option, so that nobody is recorded as choosing the first answer.
        formfield.choices = [("", BLANK_CHOICE_LABEL), *formfield.choices]
        return formfield

    def create_checkboxes_field(self, field, options):
        formfield = super().create_checkboxes_field(field, options)
        formfield.initial = None  # the base class ticks the default answers
        return formfield

    def get_form_class(self):
        # Too long an answer is named by its question (see portal.forms.LengthLimitMixin).
        subjects = {
            (f.clean_name or f.get_field_clean_name()): f"Your answer to “{f.label}”"
            for f in self.fields
        }
        attrs = {**self.formfields, "length_subjects": subjects}
        return type("SurveyForm", (GovukFormMixin, BaseForm), attrs)


class SurveyFormField(AbstractFormField):
    page = ParentalKey("home.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")
    # Wagtail's own fields, with a length limit.
    choices = models.TextField(
        "choices",
        blank=True,
        max_length=5000,
        help_text="Comma or new line separated list of choices. Only applicable in checkboxes, "
        "radio and dropdown.",
    )
    default_value = models.TextField(
        "default value",
        blank=True,
        max_length=5000,
        help_text="Default value. Comma or new line separated values supported for checkboxes.",
    )


class SurveySubmission(AbstractFormSubmission):
    """A response; remembers who sent it when they were signed in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        # Named so in Settings → Groups, where "Can view" lets a group read the answers.
        verbose_name = "survey response"


class SurveyAnswersPanel(FormSubmissionsPanel):
    """The editor's link to the answers, shown only to those allowed to read them."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return self.request.user.has_perm(VIEW_ANSWERS_PERMISSION) and super().is_shown()


class SurveyPage(EmailFormMixin, FormMixin, BasePage):
    """A survey: staff add the questions; responses are stored, emailed and exportable."""

    form_builder = SurveyFormBuilder

    introduction = RichTextField(
        blank=True, max_length=RICH_TEXT_LENGTH, features=["bold", "italic", "link", "ul", "ol"]
    )
    thank_you_text = RichTextField(
        blank=True,
        max_length=5000,
        features=["bold", "italic", "link"],
        help_text="Shown after someone sends their answers",
    )
    body = StreamField(
        BodyBlock(), blank=True, help_text="Shown under the introduction, before the questions"
    )
    one_response_per_user = models.BooleanField(
        default=False,
        help_text="Ask people to sign in, and accept only one response from each of them",
    )

    content_panels = BasePage.content_panels + [
        SurveyAnswersPanel(),
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel("form_fields", heading="Questions", label="Question"),
        FieldPanel("thank_you_text"),
        FieldPanel("one_response_per_user"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email each response to",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = "survey"

    def get_submissions_list_view_class(self):
        # Imported here, as Wagtail does, because the admin views import the page models.
        from home.survey_exports import SurveySubmissionsListView

        return SurveySubmissionsListView

    def get_submission_class(self):
        return SurveySubmission

    def has_responded(self, user):
        return bool(
            user.is_authenticated and SurveySubmission.objects.filter(page=self, user=user).exists()
        )

    def process_form_submission(self, form):
        submission = SurveySubmission.objects.create(
            form_data=form.cleaned_data,
            page=self,
            user=form.user if form.user.is_authenticated else None,
        )
        if self.to_address:
            self.send_mail(form)
        return submission

    def serve(self, request, *args, **kwargs):
        if self.one_response_per_user:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if self.has_responded(request.user):
                context = self.get_context(request)
                return TemplateResponse(request, "home/survey_page_already.html", context)
        return super().serve(request, *args, **kwargs)
