"""Forms for offers and needs, replies, matches, reports and watches (GOV.UK markup)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from consortium.brokerage.conversations import MAX_MESSAGE_LENGTH
from consortium.brokerage.models import (
    MAX_QUANTITY,
    Audience,
    Category,
    Listing,
    ListingKind,
    Verdict,
    Watch,
)
from consortium.brokerage.outcomes import MatchReport
from consortium.organisations.models import Area
from consortium.uploads import MAX_UPLOAD_BYTES, check_upload, describe_allowed
from portal.forms import GovukFormMixin

MAX_ATTACHMENTS = 5


WITHIN_MILES = [5, 10, 25]


def within_field(widget=None):
    """ "Within N miles" of the organisation the person acts for (offers, needs, volunteers)."""
    return forms.TypedChoiceField(
        label="Distance from your organisation",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any distance"), *((m, f"Within {m} miles") for m in WITHIN_MILES)],
        widget=widget,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ListingForm(GovukFormMixin, forms.ModelForm):
    """Post or change an offer or a need."""

    length_subjects = {"description": "The description"}

    attachments = MultipleFileField(
        required=False,
        label="Attach documents or pictures",
        help_text=(
            f"Up to {MAX_ATTACHMENTS} files, each smaller than "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB: {describe_allowed()}"
        ),
    )
    # The listing as the editor first saw it: a save over someone else's change is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Listing
        fields = [
            "kind",
            "category",
            "title",
            "description",
            "area",
            "available_from",
            "available_until",
            "cost_basis",
            "quantity",
            "unit",
            "audience",
            "members_from",
            "public_from",
        ]
        labels = {
            "kind": "Is this an offer or a need?",
            "category": "Category",
            "title": "Title",
            "description": "Describe what you offer or need",
            "area": "Area",
            "available_from": "Available from",
            "available_until": "Available until",
            "cost_basis": "Cost",
            "quantity": "Quantity",
            "unit": "Unit",
            "audience": "Who can see it at first?",
            "members_from": "Show to all members from",
            "public_from": "Show to everyone from",
        }
        help_texts = {
            "title": "A short name, for example “Folding tables to lend”",
            "available_until": "An offer ends by itself after this date",
            "quantity": f"A whole number from 1 to {MAX_QUANTITY:,}",
            "unit": "What the quantity counts, for example hours, chairs, rooms",
            "members_from": "Leave empty to keep the audience as it is",
            "public_from": "Leave empty to keep it from the public",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "cost_basis": forms.RadioSelect,
            "available_from": DateInput,
            "available_until": DateInput,
            "members_from": DateInput,
            "public_from": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ListingKind.choices
        self.fields["audience"].choices = Audience.choices
        self.fields["quantity"].widget.attrs.update({"min": 1, "max": MAX_QUANTITY})
        self.fields["quantity"].error_messages.update(
            {
                "min_value": "Enter a quantity of 1 or more",
                "max_value": f"Enter a quantity of {MAX_QUANTITY:,} or less",
                "invalid": "Enter the quantity as a whole number, like 12",
            }
        )
        for name in ("available_from", "available_until", "members_from", "public_from"):
            self.fields[name].error_messages["invalid"] = "Enter a real date, like 2027-03-31"
        self.fields["title"].error_messages["required"] = "Enter a title"
        self.fields["description"].error_messages["required"] = "Describe what you offer or need"
        self.fields["kind"].error_messages["required"] = "Choose offer or need"
        self.fields["category"].error_messages["required"] = "Choose a category"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.updated_at.isoformat()

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        existing = self.instance.attachments.count() if self.instance.pk else 0
        if len(files) + existing > MAX_ATTACHMENTS:
            raise ValidationError(f"A listing can have at most {MAX_ATTACHMENTS} attachments")
        checked = []
        for upload in files:
            try:
                content_type = check_upload(upload)
            except ValidationError as error:
                raise ValidationError(f"{upload.name}: {error.messages[0]}") from None
            checked.append((upload, content_type))
        return checked

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start, end = data.get("available_from"), data.get("available_until")
        if end and start and end < start:
            self.add_error(
                "available_until", "The end date must be the same as or after the start date"
            )
        elif end and end < today and (not self.instance.pk or end != self.instance.available_until):
            self.add_error("available_until", "The end date must be today or in the future")
        audience = data.get("audience")
        members_from, public_from = data.get("members_from"), data.get("public_from")
        if members_from and audience != Audience.GROUP:
            self.add_error(
                "members_from",
                "Leave this empty: only a listing shown to your forums and clusters first can "
                "widen to all members",
            )
        if public_from and audience == Audience.PUBLIC:
            self.add_error("public_from", "Leave this empty: the listing is already public")
        if members_from and public_from and public_from < members_from:
            self.add_error(
                "public_from",
                "The date it goes public must be the same as or after the date all members see it",
            )
        version = data.get("version")
        if self.instance.pk and version and version != self.instance.updated_at.isoformat():
            raise ValidationError(
                "Someone else changed this listing since you opened it. Your changes are still "
                "in the form: open the listing in a new tab to see theirs, then save again.",
                code="stale",
            )
        return data


class ReplyForm(GovukFormMixin, forms.Form):
    message = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="Say what you can offer or need. You can write to each other on the reply’s page",
        error_messages={
            "required": "Enter a message",
        },
    )
    offer = forms.ModelChoiceField(
        label="Point to one of your offers",
        queryset=Listing.objects.none(),
        required=False,
        empty_label="No, just the message",
        error_messages={"invalid_choice": "Choose one of your own open offers"},
    )

    def __init__(self, *args, offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offers is None:
            del self.fields["offer"]
        else:
            self.fields["offer"].queryset = offers


class ReportForm(GovukFormMixin, forms.Form):
    length_subjects = {"reason": "Your reason"}

    reason = forms.CharField(
        label="What is wrong with this listing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Say what is wrong with this listing",
        },
    )


class MatchOutcomeForm(GovukFormMixin, forms.ModelForm):
    """One side's report of a match: what happened and its figures. Correcting a report
    (``correcting=True``) asks for the figures only; what the side said happened stays."""

    verdict = forms.ChoiceField(
        label="What happened?",
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it happened"},
    )

    class Meta:
        model = MatchReport
        fields = ["hours", "items", "money_value", "kg_reused"]
        help_texts = {
            "hours": "For example 3.5",
            "money_value": "In pounds, for example 120.00",
        }

    def __init__(self, *args, correcting=False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["verdict"]
        for name in self._meta.fields:
            field = self.fields[name]
            field.widget.attrs["min"] = 0
            field.error_messages.update(
                {
                    "min_value": f"{field.label} must be 0 or more",
                    "max_value": f"{field.label} must be %(limit_value)s or less",
                    "invalid": f"Enter {field.label.lower()} as a number",
                    "max_digits": f"{field.label} is too large",
                    "max_decimal_places": f"{field.label} has too many decimal places",
                    "max_whole_digits": f"{field.label} is too large",
                }
            )
        self.fields["items"].validators.append(_non_negative)

    def outcome(self):
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


def _non_negative(value):
    if value is not None and value < 0:
        raise ValidationError("Items given or lent must be 0 or more")


class WatchForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Watch
        fields = ["kind", "category", "area"]
        labels = {"kind": "Offers or needs", "category": "Category", "area": "Area"}
        help_texts = {"kind": "", "area": ""}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [("", "Both"), *ListingKind.choices]
        self.fields["area"].choices = [("", "Anywhere"), *Area.choices]
        self.fields["category"].choices = [("", "Choose a category"), *Category.choices]
        self.fields["category"].error_messages["required"] = "Choose a category"

    def clean(self):
        data = super().clean()
        if (
            self.user
            and Watch.objects.filter(
                user=self.user,
                kind=data.get("kind", ""),
                category=data.get("category"),
                area=data.get("area", ""),
            ).exists()
        ):
            raise ValidationError("You already watch for this")
        return data


class MessageForm(GovukFormMixin, forms.Form):
    """A message to the other side of a reply's conversation, with one optional file."""

    length_subjects = {"text": "Your message"}

    text = forms.CharField(
        label="Send a message",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_MESSAGE_LENGTH,
        error_messages={"required": "Enter a message"},
    )
    attachment = forms.FileField(
        label="Attach a file (optional)",
        required=False,
        help_text=(
            f"One file smaller than {MAX_UPLOAD_BYTES // 1024 // 1024} MB: {describe_allowed()}"
        ),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Enter a message")
        return text

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        self.attachment_type = check_upload(upload)
        return upload


class ConversationReportForm(GovukFormMixin, forms.Form):
    length_subjects = {"reason": "Your reason"}

    reason = forms.CharField(
        label="What is wrong with this conversation?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say what is wrong with this conversation"},
    )
