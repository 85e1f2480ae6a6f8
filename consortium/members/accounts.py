"""Accounts (django-allauth): the sign-up form, the person behind each account, email queueing.

A new account says how the person will use Shoal: acting for an organisation, or as an
individual volunteer (who then says where, how and how to reach them). Either way a
:class:`~consortium.models.Person` row is made; accounts created elsewhere (staff, demo,
before allauth) get theirs the first time it is needed, through :func:`person_for`.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.core.exceptions import ValidationError

from consortium.notifications.tasks import send_email
from consortium.organisations.models import Area
from consortium.organisations.people import (
    AccountType,
    ContactMethod,
    HelpKind,
    Person,
    VolunteerKind,
)
from portal.forms import EMAIL_LENGTH, GovukFormMixin


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        """Names starting "deleted-" are kept for erased accounts (consortium.members.erasure)."""
        if username.lower().startswith("deleted-"):
            raise ValidationError("Choose a username that does not start with “deleted-”")
        return super().clean_username(username, shallow=shallow)

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email as usual, then queue it instead of sending it now."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        body = message.body if message.content_subtype == "plain" else ""
        send_email.enqueue(
            to=list(message.to), subject=message.subject, body=body or html, html_body=html
        )


def person_for(user):
    """The user's :class:`Person`, made (as someone acting for an organisation) if missing."""
    try:
        return user.person
    except Person.DoesNotExist:
        person, _ = Person.objects.get_or_create(user=user)
        user.person = person
        return person


def verified_email(user):
    """Mark the user's email address verified and primary, so they can sign in at once.

    For accounts staff or the demo loader create: allauth's mandatory verification would
    otherwise send them a link before their first sign-in.
    """
    if not user.email:
        return None
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True}
    )
    if not address.primary:
        address.set_as_primary()
    return address


def superuser_email_is_verified(sender, instance, created, raw=False, **kwargs):
    """A superuser made by ``createsuperuser`` can sign in at once with the address typed.

    The person installing the site typed that address themselves; asking them to confirm it
    by email before the first sign-in would lock them out of a site with no mail set up yet.
    """
    if created and not raw and instance.is_superuser and instance.email:
        verified_email(instance)


class VolunteerDetailsMixin(forms.Form):
    """What an individual volunteer tells us: who they are, where and how they help."""

    volunteer_kind = forms.ChoiceField(
        label="Are you volunteering as", choices=VolunteerKind.choices, widget=forms.RadioSelect
    )
    employer = forms.CharField(
        label="Your employer",
        max_length=200,
        required=False,
        help_text="Only if you volunteer through a local business's community programme",
    )
    areas = forms.MultipleChoiceField(
        label="Where can you help?",
        choices=Area.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    help_kinds = forms.MultipleChoiceField(
        label="What kinds of help can you give?",
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    contact_by = forms.ChoiceField(
        label="How should organisations contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=ContactMethod.EMAIL,
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        required=False,
        help_text="Only if you want to be contacted by phone",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    VOLUNTEER_FIELDS = ("volunteer_kind", "employer", "areas", "help_kinds", "contact_by", "phone")

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not all(c.isdigit() or c in " +()-" for c in phone):
            raise ValidationError("Enter a phone number using digits, like 01632 960 001")
        if phone and sum(c.isdigit() for c in phone) not in range(10, 16):
            raise ValidationError("Enter a phone number with 10 to 15 digits")
        return phone

    def check_volunteer_details(self):
        data = self.cleaned_data
        if (
            data.get("volunteer_kind") == VolunteerKind.BUSINESS
            and not data.get("employer", "").strip()
        ):
            self.add_error("employer", "Enter the business you volunteer through")
        if (
            data.get("contact_by") == ContactMethod.PHONE
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", "Enter a phone number, or choose to be contacted by email")

    def volunteer_details(self):
        data = self.cleaned_data
        kind = data["volunteer_kind"]
        return {
            "volunteer_kind": kind,
            "employer": data.get("employer", "").strip() if kind == VolunteerKind.BUSINESS else "",
            "areas": list(data["areas"]),
            "help_kinds": list(data["help_kinds"]),
            "contact_by": data["contact_by"],
            "phone": data.get("phone", ""),
        }


class SignupForm(GovukFormMixin, VolunteerDetailsMixin, AllauthSignupForm):
    """allauth's sign-up form, asking how the person will use Shoal."""

    length_limits = {"email": EMAIL_LENGTH}

    account_type = forms.ChoiceField(
        label="How will you use Shoal?",
        choices=[
            (AccountType.ORGANISATION, "For an organisation: I act for a charity or group"),
            (AccountType.VOLUNTEER, "As an individual volunteer"),
        ],
        widget=forms.RadioSelect,
    )

    field_order = [
        "email",
        "username",
        "password1",
        "password2",
        "account_type",
        *VolunteerDetailsMixin.VOLUNTEER_FIELDS,
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "We will send a link to this address to confirm it"
        self.fields["username"].help_text = "You can sign in with this or your email address"
        self.fields["password2"].label = "Confirm password"
        for name in self.VOLUNTEER_FIELDS:
            field = self.fields[name]
            # Asked only of volunteers: required in clean(), not marked "(optional)".
            field.conditional = True
            if field.required:
                field.required = False
                field.volunteer_required = True
        for name in ("email", "username", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)

    def clean_email(self):
        email = super().clean_email()
        if self.account_already_exists:
            raise ValidationError(
                "An account with this email address already exists. Sign in, or reset "
                "your password if you have forgotten it."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("account_type") == AccountType.VOLUNTEER:
            for name in self.VOLUNTEER_FIELDS:
                field = self.fields[name]
                if getattr(field, "volunteer_required", False) and not cleaned.get(name):
                    self.add_error(name, f"{_missing(name)} (you chose to volunteer)")
            self.check_volunteer_details()
        return cleaned

    def custom_signup(self, request, user):
        person = person_for(user)
        person.account_type = self.cleaned_data["account_type"]
        if person.is_volunteer:
            for name, value in self.volunteer_details().items():
                setattr(person, name, value)
        person.save()


def _missing(name):
    return {
        "volunteer_kind": "Say whether you are a resident or business staff",
        "areas": "Select at least one area",
        "help_kinds": "Select at least one kind of help",
        "contact_by": "Say how organisations should contact you",
    }[name]


class VolunteerProfileForm(GovukFormMixin, VolunteerDetailsMixin):
    """A volunteer changes what they told us at sign-up (/members/volunteering/)."""

    def clean(self):
        cleaned = super().clean()
        self.check_volunteer_details()
        return cleaned

    @classmethod
    def initial_for(cls, person):
        return {name: getattr(person, name) for name in cls.VOLUNTEER_FIELDS}

    def save(self, person):
        for name, value in self.volunteer_details().items():
            setattr(person, name, value)
        person.save()
        return person
