"""Forms for a consortium: starting one, inviting organisations, answering, roles, handing on
the lead and naming who speaks for an organisation."""

from django import forms

from consortium.bids import consortia
from consortium.bids.models import (
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
)
from consortium.organisations.models import Organisation
from portal.forms import GovukFormMixin

INVITED_ROLES = [
    (ConsortiumRole.PARTNER.value, "Partner: writes and delivers part of the bids"),
    (ConsortiumRole.SUBCONTRACTOR.value, "Subcontractor: delivers work for a partner"),
]


class ConsortiumForm(GovukFormMixin, forms.Form):
    length_subjects = {"description": "The description"}

    name = forms.CharField(
        label="Name of the consortium",
        max_length=200,
        error_messages={
            "required": "Enter a name for the consortium",
        },
    )
    description = forms.CharField(
        label="What the consortium is for",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Consortium.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A consortium with this name already exists")
        return name


class InviteForm(GovukFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation to invite",
        help_text="Only organisations the brokerage team has verified can be invited",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation to invite",
            "invalid_choice": "Choose a verified organisation that is not already in it",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=INVITED_ROLES,
        widget=forms.RadioSelect,
        initial=ConsortiumRole.PARTNER.value,
        error_messages={"required": "Choose the organisation's role"},
    )
    message = forms.CharField(
        label="Message with the invitation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = consortia.organisations_to_invite(consortium)


class AnswerForm(GovukFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label="Does your organisation want to join?",
        choices=[("accept", "Yes, join the consortium"), ("decline", "No, decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to join or decline"},
    )


class RoleForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=INVITED_ROLES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation's role"},
    )


class HandOnForm(GovukFormMixin, forms.Form):
    new_lead = forms.ModelChoiceField(
        label="Which organisation should lead the consortium?",
        queryset=ConsortiumMember.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the organisation that will lead",
            "invalid_choice": "Choose an organisation that accepted a place",
        },
    )

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["new_lead"]
        field.queryset = (
            consortium.members.active()
            .exclude(role=ConsortiumRole.LEAD)
            .select_related("organisation")
        )
        field.label_from_instance = lambda m: m.organisation.name


class ContactsForm(GovukFormMixin, forms.Form):
    contacts = forms.MultipleChoiceField(
        label="Who speaks for your organisation in this consortium?",
        help_text="Choose from the organisation's approved people",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose people from the organisation's list"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        self.fields["contacts"].choices = [
            (str(u.pk), u.get_full_name() or u.username) for u in people
        ]

    def chosen(self):
        return [self.people[pk] for pk in self.cleaned_data["contacts"]]
