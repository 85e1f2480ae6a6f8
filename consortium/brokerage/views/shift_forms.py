"""Forms for a volunteering role's details and its shifts (GOV.UK markup)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from consortium.brokerage.shifts import (
    MAX_PLACES,
    MAX_REPEATS,
    DbsLevel,
    VolunteerRole,
    repeated_dates,
)
from portal.forms import GovukFormMixin

from .forms import DateInput


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class RoleForm(GovukFormMixin, forms.ModelForm):
    """What the volunteer will do, where, the checks, expenses and notes."""

    length_subjects = {
        "tasks": "What the volunteer will do",
        "accessibility": "The accessibility notes",
        "suitability": "Who the role suits",
        "expenses_note": "About expenses",
        "place": "Where exactly",
    }

    class Meta:
        model = VolunteerRole
        fields = [
            "tasks",
            "online",
            "place",
            "dbs_level",
            "references_needed",
            "expenses_paid",
            "expenses_note",
            "accessibility",
            "suitability",
        ]
        labels = {
            "online": "This role can be done online",
            "dbs_level": "Which DBS check does the volunteer need?",
            "references_needed": "The volunteer needs to give references",
            "expenses_paid": "We pay volunteers' expenses",
            "accessibility": "Accessibility",
        }
        help_texts = {
            "tasks": "For example, sorting donated food into parcels and loading the van",
            "place": "The address or building, if not online. The area is the listing's area",
            "expenses_note": "For example, mileage at 45p a mile, or bus fares",
            "accessibility": "Step-free access, toilets, parking, hearing loop",
            "suitability": "For example, suits someone who likes being on their feet; "
            "over-16s only",
        }
        widgets = {
            "dbs_level": forms.RadioSelect,
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "suitability": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dbs_level"].choices = DbsLevel.choices
        self.fields["tasks"].error_messages["required"] = "Say what the volunteer will do"
        self.fields["dbs_level"].error_messages["required"] = "Choose which DBS check is needed"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("expenses_note") and not cleaned.get("expenses_paid"):
            self.add_error(
                "expenses_note", "Tick “We pay volunteers' expenses”, or leave this empty"
            )
        return cleaned


class ShiftForm(GovukFormMixin, forms.Form):
    """One shift, or the same shift every week for a number of weeks."""

    date = forms.DateField(
        label="Date",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the shift",
            "invalid": "Enter a real date, like 2027-03-31",
        },
    )
    starts_at = forms.TimeField(
        label="Start time",
        widget=TimeInput,
        help_text="For example, 10:00",
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter a time, like 10:00",
        },
    )
    ends_at = forms.TimeField(
        label="End time",
        widget=TimeInput,
        help_text="For example, 12:00",
        error_messages={
            "required": "Enter the end time",
            "invalid": "Enter a time, like 12:00",
        },
    )
    places = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=MAX_PLACES,
        help_text=f"How many volunteers you need, from 1 to {MAX_PLACES}",
        error_messages={
            "required": "Enter how many volunteers you need",
            "invalid": "Enter the places as a whole number, like 4",
            "min_value": "Enter 1 place or more",
            "max_value": f"Enter {MAX_PLACES} places or fewer",
        },
    )
    weeks = forms.IntegerField(
        label="Repeat every week for how many weeks?",
        min_value=1,
        max_value=MAX_REPEATS,
        initial=1,
        help_text=f"1 adds a one-off shift. 8 adds the same shift on the same weekday for 8 "
        f"weeks (at most {MAX_REPEATS})",
        error_messages={
            "required": "Enter how many weeks, or 1 for a one-off shift",
            "invalid": "Enter the weeks as a whole number, like 4",
            "min_value": "Enter 1 week or more",
            "max_value": f"Enter {MAX_REPEATS} weeks or fewer",
        },
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["places"].widget.attrs.update({"min": 1, "max": MAX_PLACES})
        self.fields["weeks"].widget.attrs.update({"min": 1, "max": MAX_REPEATS})
        for name in ("places", "weeks"):
            self.fields[name].widget.attrs["class"] = "govuk-input--width-4"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < self.today:
            raise ValidationError("The date must be today or in the future")
        if day > self.today + datetime.timedelta(days=731):
            raise ValidationError("The date must be within the next 2 years")
        return day

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end time must be after the start time")
        return cleaned

    def dates(self):
        return repeated_dates(self.cleaned_data["date"], self.cleaned_data["weeks"])
