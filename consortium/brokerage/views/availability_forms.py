"""Forms for volunteers' availability, asking a volunteer, and the hours log (GOV.UK markup)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from consortium.brokerage.availability import (
    MAX_ASK_LENGTH,
    MAX_NOTE_LENGTH,
    Availability,
    Day,
    PartOfDay,
    unwords,
    words,
)
from consortium.brokerage.hours import MAX_HOURS, MIN_HOURS
from consortium.brokerage.hours import MAX_NOTE_LENGTH as MAX_HOURS_NOTE_LENGTH
from consortium.organisations.models import Area
from consortium.organisations.people import HelpKind
from consortium.organisations.postcodes import normalise_code
from portal.forms import GovukFormMixin

from .forms import DateInput

LIST_FIELDS = ("help_kinds", "areas", "days", "parts_of_day")


class AvailabilityForm(GovukFormMixin, forms.Form):
    """A volunteer says when, where and how they can help."""

    length_subjects = {"note": "Your note"}

    help_kinds = forms.MultipleChoiceField(
        label="How can you help?",
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of help"},
    )
    areas = forms.MultipleChoiceField(
        label="Where can you help?",
        choices=Area.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose the areas you can get to, or say you can help online",
    )
    online = forms.BooleanField(label="I can help online", required=False)
    days = forms.MultipleChoiceField(
        label="Which days?",
        choices=Day.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day"},
    )
    parts_of_day = forms.MultipleChoiceField(
        label="Which parts of the day?",
        choices=PartOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose morning, afternoon or evening"},
    )
    available_from = forms.DateField(
        label="From",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter a real date, like 2027-03-31"},
    )
    available_until = forms.DateField(
        label="Until",
        required=False,
        widget=DateInput,
        help_text="Organisations stop seeing this after this date",
        error_messages={"invalid": "Enter a real date, like 2027-03-31"},
    )
    note = forms.CharField(
        label="Anything else organisations should know",
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example “I have a car and can take two passengers”. "
        "Do not put your email or phone here: they are shared only when you accept.",
    )
    postcode_district = forms.CharField(
        label="The first part of your postcode",
        required=False,
        max_length=8,
        help_text="For example AB3. Organisations near you see roughly how far away you are "
        "(“about 4 miles away”), never your postcode.",
    )
    show_first_name = forms.BooleanField(
        label="Show my first name to organisations",
        required=False,
        help_text="Otherwise they see “A volunteer”",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].conditional = True  # needed unless online: not "(optional)"

    def clean_postcode_district(self):
        typed = self.cleaned_data["postcode_district"]
        code = normalise_code(typed)
        if typed.strip() and not code:
            raise forms.ValidationError("Enter the first part of a postcode, like AB3")
        return code.split(" ")[0]  # a whole postcode keeps only its first part

    def clean(self):
        cleaned = super().clean()
        if "areas" in cleaned and not cleaned.get("areas") and not cleaned.get("online"):
            self.add_error("areas", "Choose at least one area, or say you can help online")
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", "The end date must be on or after the start date")
        if end and end < timezone.localdate():
            self.add_error("available_until", "The end date must be today or later")
        return cleaned

    @classmethod
    def initial_for(cls, availability):
        initial = {
            name: getattr(availability, name)
            for name in (
                "online",
                "available_from",
                "available_until",
                "note",
                "postcode_district",
                "show_first_name",
            )
        }
        initial.update({name: unwords(getattr(availability, name)) for name in LIST_FIELDS})
        return initial

    def save(self, user, availability=None):
        availability = availability or Availability(user=user)
        for name, value in self.cleaned_data.items():
            setattr(availability, name, words(value) if name in LIST_FIELDS else value)
        availability.save()
        return availability


class AskVolunteerForm(GovukFormMixin, forms.Form):
    length_subjects = {"message": "Your message"}

    message = forms.CharField(
        label="What would you like them to help with?",
        max_length=MAX_ASK_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what, where and when. They see your organisation's name and this message",
        error_messages={"required": "Write what you would like them to help with"},
    )


class HoursForm(GovukFormMixin, forms.Form):
    """One entry in a match's hours log; optionally correcting an earlier entry."""

    length_subjects = {"note": "Your note"}

    worked_on = forms.DateField(
        label="Date",
        widget=DateInput,
        error_messages={
            "required": "Enter the date the hours were given",
            "invalid": "Enter a real date, like 2027-03-31",
        },
    )
    hours = forms.DecimalField(
        label="Hours",
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        max_digits=4,
        decimal_places=2,
        help_text="From 0.25 to 24, for example 2.5",
        error_messages={
            "required": "Enter the hours",
            "invalid": "Enter the hours as a number, like 2.5",
            "min_value": "Hours must be 0.25 or more",
            "max_value": "Hours must be 24 or less",
            "max_digits": "Hours must be 24 or less",
            "max_decimal_places": "Give hours to at most two decimal places, like 1.75",
            "max_whole_digits": "Hours must be 24 or less",
        },
    )
    note = forms.CharField(label="Note", required=False, max_length=MAX_HOURS_NOTE_LENGTH)
    replaces = forms.TypedChoiceField(
        label="Is this a correction?",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="A correction replaces one of your side's earlier entries, which is kept "
        "but no longer counts",
    )

    def __init__(self, *args, correctable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.correctable = {entry.pk: entry for entry in correctable}
        self.fields["replaces"].choices = [("", "No, these are new hours")] + [
            (entry.pk, f"Replaces {entry.hours:g} hours on {entry.worked_on:%-d %B %Y}")
            for entry in correctable
        ]
        if not correctable:
            del self.fields["replaces"]

    def clean_worked_on(self):
        day = self.cleaned_data["worked_on"]
        if day > timezone.localdate():
            raise ValidationError("The date must be today or in the past")
        return day

    def replaced_entry(self):
        return self.correctable.get(self.cleaned_data.get("replaces"))
