"""Member organisations: the small charities and community groups that use Shoal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from wagtail.search import index

from consortium.history import QuietHistoricalRecords
from consortium.organisations import identifiers
from portal.stemming import Stemmed


class Area(models.TextChoices):
    COUNTYWIDE = "countywide", "Countywide"
    NORTH = "north", "North"
    SOUTH = "south", "South"
    EAST = "east", "East"
    WEST = "west", "West"
    CENTRAL = "central", "Central"
    TOWN_CENTRE = "town-centre", "Town centre"
    RURAL = "rural", "Rural"


class LegalForm(models.TextChoices):
    REGISTERED_CHARITY = "registered-charity", "Registered charity"
    CIO = "cio", "Charitable incorporated organisation (CIO)"
    SCIO = "scio", "Scottish charitable incorporated organisation (SCIO)"
    CIC = "cic", "Community interest company (CIC)"
    CHARITABLE_COMPANY = "charitable-company", "Charitable company"
    UNINCORPORATED = "unincorporated", "Unincorporated group"
    PUBLIC_BODY = "public-body", "Public body"
    BUSINESS = "business", "Business"


# Which registration numbers each legal form must have (any one of the fields named).
REQUIRED_NUMBERS = {
    LegalForm.REGISTERED_CHARITY: ("charity_number", "oscr_number", "ccni_number"),
    LegalForm.CIO: ("charity_number", "ccni_number"),
    LegalForm.SCIO: ("oscr_number",),
    LegalForm.CIC: ("company_number",),
    LegalForm.CHARITABLE_COMPANY: ("company_number",),
}


class IncomeBand(models.TextChoices):
    UNDER_10K = "under-10k", "Under £10,000 a year"
    UNDER_100K = "10k-100k", "£10,000 to £100,000"
    UNDER_1M = "100k-1m", "£100,000 to £1 million"
    OVER_1M = "over-1m", "Over £1 million"


class Theme(models.Model):
    """What organisations work on: older people, food, mental health."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(Stemmed, index.Indexed, models.Model):
    """A member organisation. Its profile keeps a full history of every change."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    legal_form = models.CharField(
        max_length=30, choices=LegalForm.choices, default=LegalForm.UNINCORPORATED
    )
    charity_number = models.CharField(
        "Charity Commission number",
        max_length=7,
        blank=True,
        help_text="England and Wales: 6 or 7 digits",
    )
    oscr_number = models.CharField(
        "Scottish charity number", max_length=8, blank=True, help_text="OSCR: SC and 6 digits"
    )
    ccni_number = models.CharField(
        "Northern Ireland charity number",
        max_length=6,
        blank=True,
        help_text="Charity Commission for Northern Ireland: NIC and 6 digits",
    )
    company_number = models.CharField(
        "Company number", max_length=8, blank=True, help_text="Companies House: 8 characters"
    )
    org_id = models.CharField(
        "Org-id",
        max_length=20,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Derived from the registration numbers, such as GB-CHC-1090095",
    )
    income_band = models.CharField(max_length=20, choices=IncomeBand.choices, blank=True)
    short_description = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences about what it does"
    )
    description = models.TextField(blank=True, max_length=10000)
    website = models.URLField(blank=True)
    # Shared only with the other side of an accepted reply (consortium.brokerage.conversations).
    contact_email = models.EmailField(
        "Contact email",
        blank=True,
        help_text="Shown to the other side once you accept a reply or yours is accepted",
    )
    contact_phone = models.CharField(
        "Contact phone",
        max_length=30,
        blank=True,
        help_text="Shown to the other side once you accept a reply or yours is accepted",
    )
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.COUNTYWIDE)
    locality = models.CharField(
        max_length=100, blank=True, help_text="Town, village or district, such as Fernlea"
    )
    postcode = models.CharField(max_length=8, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="organisations")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(
        "Show the profile publicly",
        default=True,
        help_text="When off, only signed-in members and staff see the profile",
    )
    verified_on = models.DateField(
        null=True,
        blank=True,
        help_text="When staff last checked the details against the registers. "
        "Not the same as when the profile was last saved.",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = QuietHistoricalRecords(m2m_fields=[themes])

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_description"),
        index.SearchField("description"),
        index.SearchField("locality"),
        index.SearchField("search_stems"),  # word forms: portal.stemming
        index.FilterField("area"),
        index.FilterField("legal_form"),
        index.FilterField("is_public"),
        # The site search narrows by these (permissions ask for pk__in).
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["name"]
        # One org-id, one organisation (consortium.organisations.org_ids): each registration
        # number that can make the org-id is held once. Empty means "none".
        constraints = [
            models.UniqueConstraint(
                fields=[field],
                condition=~models.Q(**{field: ""}),
                name=f"unique_{field}",
                violation_error_message=message,
            )
            for field, message in [
                ("org_id", "Another organisation already has this org-id"),
                ("charity_number", "Another organisation already has this charity number"),
                ("oscr_number", "Another organisation already has this Scottish charity number"),
                (
                    "ccni_number",
                    "Another organisation already has this Northern Ireland charity number",
                ),
                ("company_number", "Another organisation already has this company number"),
            ]
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        self.org_id = identifiers.org_id(
            charity_number=self.charity_number,
            oscr_number=self.oscr_number,
            ccni_number=self.ccni_number,
            company_number=self.company_number,
        )
        super().save(*args, **kwargs)

    def clean(self):
        """Normalise every registration number and the postcode; check the legal form has
        the number it needs. Errors name the field they belong to."""
        errors = {}
        normalisers = {
            "charity_number": identifiers.normalise_charity_number,
            "oscr_number": identifiers.normalise_oscr_number,
            "ccni_number": identifiers.normalise_ccni_number,
            "company_number": identifiers.normalise_company_number,
            "postcode": identifiers.normalise_postcode,
        }
        for field, normalise in normalisers.items():
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, normalise(value))
                except ValidationError as error:
                    errors[field] = error
        required = REQUIRED_NUMBERS.get(self.legal_form, ())
        if required and not errors and not any(getattr(self, f) for f in required):
            names = " or ".join(str(self._meta.get_field(f).verbose_name) for f in required)
            errors[required[0]] = ValidationError(
                f"Enter the {names}: the legal form “{self.get_legal_form_display()}” needs it",
                code="number_required",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_verified(self):
        return self.verified_on is not None
