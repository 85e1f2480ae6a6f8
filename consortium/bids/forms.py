"""Forms for a bid's details, its sections and comments."""

from django import forms

from consortium.bids.models import (
    MAX_AMOUNT,
    MAX_SECTION_LENGTH,
    BidTemplate,
    Consortium,
    InvitationStatus,
)
from consortium.organisations.models import Organisation
from portal.forms import GovukFormMixin


class HintedRadios(forms.RadioSelect):
    """Radios with a hint under each option (the template's description)."""

    def __init__(self, *args, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["hint"] = self.hints.get(str(value), "")
        return option


class BidDetailsForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=255,
        error_messages={
            "required": "Enter the bid's title",
        },
    )
    funder = forms.CharField(
        max_length=200,
        required=False,
    )
    programme = forms.CharField(
        label="Programme or tender",
        max_length=200,
        required=False,
    )
    reference = forms.CharField(
        max_length=100,
        required=False,
    )
    deadline = forms.DateTimeField(
        required=False,
        help_text="The date and time the funder must have the application",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the deadline as a date and time, like 2027-03-31 12:00"},
    )
    amount_requested = forms.DecimalField(
        label="Amount requested (£)",
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the amount as a number of pounds, like 25000",
            "min_value": "Enter an amount of £0 or more",
            "max_value": "Enter an amount of £100,000,000 or less",
            "max_digits": "Enter a smaller amount",
            "max_whole_digits": "Enter a smaller amount",
            "max_decimal_places": "Enter the amount with no more than 2 decimal places (pence)",
        },
    )
    summary = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    text_fields = ("title", "funder", "programme", "reference", "summary")

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            if name in data and data[name] is not None:
                data[name] = data[name].replace("\x00", "")
        return data


class StartBidForm(BidDetailsForm):
    consortium = forms.ModelChoiceField(
        label="Which consortium is bidding?",
        queryset=Consortium.objects.none(),
        empty_label="Choose a consortium",
        error_messages={
            "required": "Choose the consortium that is bidding",
            "invalid_choice": "Choose a consortium your organisation leads",
        },
    )
    template = forms.ModelChoiceField(
        label="Which sections does the funder ask for?",
        help_text="The bid starts with these sections; you can add, rename and remove them later",
        queryset=BidTemplate.objects.none(),
        error_messages={
            "required": "Choose a set of sections to start from",
            "invalid_choice": "Choose one of the sets of sections",
        },
    )

    field_order = ["consortium", "template"]

    def __init__(self, *args, consortia, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consortium"].queryset = consortia
        templates = list(BidTemplate.objects.all())
        field = self.fields["template"]
        field.queryset = BidTemplate.objects.all()
        field.empty_label = None
        field.widget = HintedRadios(hints={str(t.pk): t.description for t in templates})
        field.widget.choices = field.choices
        field.widget.template_name = "consortium/bids/_hinted_radios.html"


class SectionForm(GovukFormMixin, forms.Form):
    length_subjects = {"body": "The section"}

    body = forms.CharField(
        label="Text",
        required=False,
        max_length=MAX_SECTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 15}),
    )
    # Checked in clean(): a hidden field's error belongs at the top of the form.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        if section.word_limit:
            self.fields["body"].help_text = f"Up to {section.word_limit} words"

    def clean_body(self):
        return self.cleaned_data["body"].replace("\x00", "").replace("\r\n", "\n")

    def clean(self):
        data = super().clean()
        version = (data.get("version") or "").strip()
        digits = version.isascii() and version.isdigit() and len(version) <= 10
        if not digits or not 1 <= int(version) <= 2**31:
            self.add_error(None, "Reload the page: the form lost track of the version you opened")
        else:
            data["version"] = int(version)
        return data


class SectionSettingsForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=150,
        error_messages={
            "required": "Enter the section's title",
        },
    )
    word_limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=20000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the word limit as a whole number, like 500",
            "min_value": "Enter a word limit of 1 or more",
            "max_value": "Enter a word limit of 20,000 or fewer",
        },
    )
    assigned_to = forms.ModelChoiceField(
        label="Written by",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Any partner",
        error_messages={"invalid_choice": "Choose an organisation in the consortium"},
    )
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the due date as a date, like 2027-03-01"},
    )

    reviewer = forms.ModelChoiceField(
        label="Reviewed by",
        help_text="The person who approves the section or returns it with comments. Without a "
        "reviewer, the writer marks it approved",
        required=False,
        queryset=None,
        empty_label="No reviewer",
        error_messages={"invalid_choice": "Choose a person in one of the bid's organisations"},
    )

    def __init__(self, *args, bid, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reviewers is None:
            del self.fields["reviewer"]
        else:
            self.fields["reviewer"].queryset = reviewers
            self.fields["reviewer"].label_from_instance = lambda person: (
                person.get_full_name() or person.username
            )
        self.fields["assigned_to"].queryset = Organisation.objects.filter(
            consortium_memberships__consortium=bid.consortium,
            consortium_memberships__status=InvitationStatus.ACCEPTED,
        ).order_by("name")


class NewSectionForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title of the new section",
        max_length=150,
        error_messages={
            "required": "Enter the new section's title",
        },
    )


class CommentForm(GovukFormMixin, forms.Form):
    length_subjects = {"comment": "Your comment"}

    comment = forms.CharField(
        label="Add a comment",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter your comment",
        },
    )
