"""Forms for organisations: register, edit the profile, ask to join, the vault, the import."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model

from consortium import uploads
from consortium.organisations import identifiers, org_ids
from consortium.organisations.documents import DocumentKind, OrganisationDocument
from consortium.organisations.models import Area, IncomeBand, LegalForm, Organisation, Theme
from consortium.organisations.people import Role
from portal.forms import GovukFormMixin

# Slugs the organisation pages' own addresses use.
RESERVED_SLUGS = {"register"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
MAX_LOGO_BYTES = 5 * 1024 * 1024
NORMALISERS = {
    "charity_number": identifiers.normalise_charity_number,
    "oscr_number": identifiers.normalise_oscr_number,
    "ccni_number": identifiers.normalise_ccni_number,
    "company_number": identifiers.normalise_company_number,
    "postcode": identifiers.normalise_postcode,
}
# What each registration number is called in the sentence "from this ...".
NUMBER_NAMES = {
    "charity_number": "charity number",
    "oscr_number": "Scottish charity number",
    "ccni_number": "Northern Ireland charity number",
    "company_number": "company number",
}
ORG_ID_TAKEN = (
    "{holder} already has the org-id {org_id} (from this {number}). An org-id belongs to one "
    "organisation: ask to join {holder}, or dispute it with the brokerage staff if the "
    "number is yours"
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OrganisationForm(GovukFormMixin, forms.ModelForm):
    """The profile: numbers and postcode are checked and normalised here, so that what
    people type (spaces, lower case, NIC or SC prefixes) is accepted and stored one way."""

    website = forms.URLField(
        label="Website address",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Starting with https://, like https://fernlea-food-bank.org.uk",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "legal_form",
            "charity_number",
            "oscr_number",
            "ccni_number",
            "company_number",
            "income_band",
            "short_description",
            "description",
            "website",
            "contact_email",
            "contact_phone",
            "area",
            "locality",
            "postcode",
            "themes",
            "is_public",
        ]
        labels = {"name": "Organisation name", "area": "Area", "website": "Website address"}
        help_texts = {
            "legal_form": "Registered charities, CIOs, SCIOs, CICs and charitable companies "
            "need their registration number",
            "website": "Starting with https://, like https://fernlea-food-bank.org.uk",
            "postcode": "Like SW1A 1AA",
            "description": "What you do, who for and where. Plain text.",
        }
        widgets = {"legal_form": forms.RadioSelect, "area": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People type numbers with prefixes and spaces; the model's short lengths apply
        # after normalising.
        for name in NORMALISERS:
            self.fields[name].max_length = 20
            self.fields[name].widget.attrs["maxlength"] = 20
            self.fields[name].validators = []
            self.fields[name].widget.attrs.setdefault("spellcheck", "false")
        self.fields["income_band"].choices = [("", "Not given"), *IncomeBand.choices]
        self.fields["area"].choices = Area.choices
        self.fields["legal_form"].choices = LegalForm.choices
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        )
        for name in ("charity_number", "oscr_number", "ccni_number", "company_number"):
            self.fields[name].widget.attrs["class"] = "govuk-input--width-10"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        slug = slugify(name)
        if not slug:
            raise ValidationError("Enter a name that contains letters or numbers")
        if self.instance.pk is None:
            if slug in RESERVED_SLUGS:
                raise ValidationError("Choose a different name: this one is used by the site")
            clash = Organisation.objects.filter(slug=slug).exclude(name__iexact=name)
            if clash.exists():
                raise ValidationError(
                    "An organisation with a very similar name is already registered. "
                    "Ask to join it, or add your town to the name"
                )
        return name

    def _normalise(self, field):
        value = self.cleaned_data.get(field, "").strip()
        return NORMALISERS[field](value) if value else ""

    def clean_charity_number(self):
        return self._normalise("charity_number")

    def clean_oscr_number(self):
        return self._normalise("oscr_number")

    def clean_ccni_number(self):
        return self._normalise("ccni_number")

    def clean_company_number(self):
        return self._normalise("company_number")

    def clean_contact_phone(self):
        phone = self.cleaned_data.get("contact_phone", "").strip()
        if phone and not all(c.isdigit() or c in " +()-" for c in phone):
            raise ValidationError("Enter a contact phone number using digits, like 01632 960 001")
        if phone and sum(c.isdigit() for c in phone) not in range(10, 16):
            raise ValidationError("Enter a contact phone number with 10 to 15 digits")
        return phone

    def clean_postcode(self):
        return self._normalise("postcode")

    def clean(self):
        """Refuse a registration number another organisation holds, naming it; the page
        then offers to ask to join it or to dispute it (``self.clash``)."""
        cleaned = super().clean()
        numbers = {f: cleaned.get(f) for f in org_ids.NUMBER_FIELDS if f not in self.errors}
        self.clash = org_ids.first_clash(numbers, exclude=self.instance)
        if self.clash is not None:
            field, org_id, holder = self.clash
            message = ORG_ID_TAKEN.format(
                holder=holder.name, org_id=org_id, number=NUMBER_NAMES[field]
            )
            self.add_error(field, ValidationError(message, code="org_id_taken"))
        return cleaned


class RegisterOrganisationForm(OrganisationForm):
    pass


class EditOrganisationForm(OrganisationForm):
    """Carries the version the editor started from, so a stale save is refused."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    logo_upload = forms.FileField(
        label="Logo",
        required=False,
        help_text="A PNG, JPEG, GIF or WebP image, smaller than 5 MB",
    )
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)

    STALE_MESSAGE = (
        "Someone else saved this profile after you opened it. Your changes have not been "
        "saved: they are still in the form below. Check them against the profile now, then "
        "save again to replace it with your version."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo_upload"].widget.attrs["accept"] = ",".join(sorted(IMAGE_TYPES))
        if not self.instance.logo_id:
            del self.fields["remove_logo"]
        if not self.is_bound:
            self.initial["version"] = self.current_version()

    def current_version(self):
        updated = (
            Organisation.objects.filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        return updated.isoformat() if updated else ""

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        # check_upload also decodes the image, so a damaged one is refused there.
        content_type = uploads.check_upload(upload, max_bytes=MAX_LOGO_BYTES)
        if content_type not in IMAGE_TYPES:
            raise ValidationError("The logo must be a PNG, JPEG, GIF or WebP image")
        return upload

    def clean(self):
        cleaned = super().clean()
        current = self.current_version()
        if self.cleaned_data.get("version") != current:
            self.stale = True
            # Saving again (deliberately) replaces the other person's version.
            self.data = self.data.copy()
            self.data["version"] = current
            raise ValidationError(self.STALE_MESSAGE, code="stale")
        return cleaned

    def save(self, commit=True):
        organisation = super().save(commit=False)
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            image = get_image_model()(
                title=f"{organisation.name} logo", file=ImageFile(upload, name=upload.name)
            )
            image.save()
            organisation.logo = image
        elif self.cleaned_data.get("remove_logo"):
            organisation.logo = None
        if commit:
            organisation.save()
            self.save_m2m()
        return organisation


class JoinForm(GovukFormMixin, forms.Form):
    length_subjects = {"message": "Your message"}

    message = forms.CharField(
        label="Message to the organisation's admins",
        help_text="Say who you are and what you do for the organisation",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )


class DisputeOrgIdForm(GovukFormMixin, forms.Form):
    length_subjects = {"claimant_name": "Your organisation’s name", "reason": "Your reason"}

    claimant_name = forms.CharField(
        label="Your organisation’s name",
        max_length=200,
        error_messages={"required": "Enter your organisation’s name"},
    )
    reason = forms.CharField(
        label="Why the number is yours",
        help_text="For example: it is on your organisation’s entry in the Charity Commission "
        "register, and the other organisation used it by mistake",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=org_ids.MAX_REASON,
        error_messages={"required": "Say why the number is your organisation’s"},
    )

    def clean_claimant_name(self):
        name = " ".join(self.cleaned_data["claimant_name"].split())
        if not name:
            raise ValidationError("Enter your organisation’s name")
        return name


class MembershipActionForm(forms.Form):
    """One button on the members page: approve, decline, make admin or member, remove."""

    ACTIONS = ["approve", "decline", "make-admin", "make-member", "remove"]
    membership = forms.IntegerField()
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])

    def role(self):
        return Role.ADMIN if self.cleaned_data["action"] == "make-admin" else Role.MEMBER


def _check_expiry(value):
    if value is None:
        return value
    today = timezone.localdate()
    if value < datetime.date(2000, 1, 1):
        raise ValidationError("Enter a date after 1 January 2000")
    if value > today.replace(year=today.year + 20, day=min(today.day, 28)):
        raise ValidationError("Enter a date within the next 20 years")
    return value


class DocumentForm(GovukFormMixin, forms.ModelForm):
    file = forms.FileField(
        label="File",
        help_text=f"{uploads.describe_allowed()}, smaller than "
        f"{uploads.MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
    )

    class Meta:
        model = OrganisationDocument
        fields = ["kind", "title", "expires_on"]
        labels = {"kind": "What it is", "title": "Title"}
        help_texts = {
            "title": "Like: Safeguarding policy 2026",
            "expires_on": "For example, the end date of an insurance certificate or the "
            "date a policy is due for review. Members are reminded 30 days before.",
        }
        widgets = {"expires_on": DateInput, "kind": forms.Select}

    def __init__(self, *args, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
        if replacing:
            self.fields["file"].label = "New file"

    def clean_expires_on(self):
        return _check_expiry(self.cleaned_data.get("expires_on"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = uploads.check_upload(upload)
        return upload

    def save(self, commit=True):
        document = super().save(commit=False)
        upload = self.cleaned_data["file"]
        if document.pk and document.file:
            document.file.delete(save=False)
        document.file = upload
        document.original_name = upload.name[:255]
        document.content_type = self.content_type
        document.size = upload.size
        # A new file starts a new reminder cycle.
        document.reminder_sent_on = None
        if commit:
            document.save()
        return document


class ImportForm(forms.Form):
    """Staff choose a spreadsheet of organisations (Wagtail admin form)."""

    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV or Excel (.xlsx) file with a header row. Columns: name, legal form, "
        "charity number, OSCR number, CCNI number, company number, postcode, area, website, "
        "short description.",
    )
