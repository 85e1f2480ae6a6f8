"""Surveys: questions built by staff in the admin with Wagtail's form builder."""

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

from .pages import BasePage

CHOICE_FIELD_TYPES = {"checkbox", "checkboxes", "dropdown", "multiselect", "radio"}


class SurveyFormBuilder(FormBuilder):
    """Builds the survey form so that it renders the GOV.UK way, like every public form."""

    def get_field_options(self, field):
        """Say which question is missing an answer, not just "This field is required"."""
        options = super().get_field_options(field)
        verb = "Choose" if field.field_type in CHOICE_FIELD_TYPES else "Enter"
        options["error_messages"] = {"required": f"{verb} an answer to “{field.label}”"}
        return options

    def get_form_class(self):
        return type("SurveyForm", (GovukFormMixin, BaseForm), self.formfields)


class SurveyFormField(AbstractFormField):
    page = ParentalKey("home.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")


class SurveySubmission(AbstractFormSubmission):
    """A response; remembers who sent it when they were signed in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class SurveyPage(EmailFormMixin, FormMixin, BasePage):
    """A survey: staff add the questions; responses are stored, emailed and exportable."""

    form_builder = SurveyFormBuilder

    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    thank_you_text = RichTextField(
        blank=True,
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
        FormSubmissionsPanel(),
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
