"""The answer library's form: an answer's title, text, tags, library and review-by date."""

import datetime

from django import forms
from django.utils import timezone

from consortium.bids.models import MAX_SECTION_LENGTH
from consortium.bids.models.answers import AnswerTag, default_review_by
from portal.forms import GovukFormMixin

# An answer reviewed further ahead than this is never looked at again.
LATEST_REVIEW_YEARS = 5


class IsoDateInput(forms.DateInput):
    """A date picker: its value is always an ISO date (or empty), as HTML asks."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        text = super().format_value(value)
        try:
            datetime.date.fromisoformat(text or "")
        except ValueError:
            return None
        return text


class AnswerForm(GovukFormMixin, forms.Form):
    length_subjects = {"title": "The title", "body": "The answer"}

    title = forms.CharField(
        max_length=150,
        help_text="What the answer is about, as a funder's question might put it",
        error_messages={"required": "Enter a title for the answer"},
    )
    body = forms.CharField(
        label="Answer",
        max_length=MAX_SECTION_LENGTH,
        help_text="Cut it down to the part worth reusing",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the text of the answer"},
    )
    library = forms.ChoiceField(
        label="Library",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose which library keeps the answer",
            "invalid_choice": "Choose one of the libraries listed",
        },
    )
    tags = forms.MultipleChoiceField(
        label="Tags",
        required=False,
        choices=AnswerTag.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Choose tags from the list"},
    )
    review_by = forms.DateField(
        label="Review by",
        widget=IsoDateInput(),
        help_text="When someone should check the answer still holds",
        error_messages={
            "required": "Enter the date to review the answer by",
            "invalid": "Enter the review-by date as a date, like 2027-03-01",
        },
    )

    def __init__(self, *args, libraries, with_library=True, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("review_by", default_review_by())
        if len(libraries) == 1:
            kwargs["initial"].setdefault("library", libraries[0][0])
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = libraries
        if not with_library:
            del self.fields["library"]

    def clean_body(self):
        return self.cleaned_data["body"].replace("\x00", "").replace("\r\n", "\n").strip()

    def clean_review_by(self):
        day = self.cleaned_data["review_by"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError("The review-by date must be in the future")
        if day > today + datetime.timedelta(days=366 * LATEST_REVIEW_YEARS):
            raise forms.ValidationError(
                f"The review-by date must be within {LATEST_REVIEW_YEARS} years"
            )
        return day
