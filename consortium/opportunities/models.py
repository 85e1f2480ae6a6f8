"""Funding opportunities: grants and tenders that consortia bid for."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from wagtail.search import index

from consortium.history import QuietHistoricalRecords
from consortium.organisations.models import Area
from portal.stemming import Stemmed

# An org-id.guide identifier: a list code such as GB-CHC, then the organisation's number there.
ORG_ID = RegexValidator(
    r"^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9][A-Za-z0-9._/-]*$",
    "Enter an org-id such as GB-CHC-1090095 or GB-GOR-PB123, or leave it empty",
)


class OpportunityKind(models.TextChoices):
    GRANT = "grant", "Grant"
    TENDER = "tender", "Tender"


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open(self, now=None):
        return self.published().filter(deadline__gte=now or timezone.now())


class Opportunity(Stemmed, index.Indexed, models.Model):
    """A grant programme or a tender that member organisations may bid for together."""

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True, blank=True)
    kind = models.CharField(max_length=10, choices=OpportunityKind.choices)
    funder = models.CharField(
        "Funder or buyer", max_length=200, help_text="Who gives the grant or buys the service"
    )
    funder_org_id = models.CharField(
        "Funder's or buyer's org-id",
        max_length=40,
        blank=True,
        validators=[ORG_ID],
        help_text="Such as GB-CHC-1090095 or GB-GOR-PB123, from org-id.guide. Awards are "
        "published under it; leave it empty if you do not know it",
    )
    programme = models.CharField("Programme or tender", max_length=200, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True, max_length=10000)
    amount_min = models.DecimalField(
        "Smallest amount (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_max = models.DecimalField(
        "Largest amount (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    deadline = models.DateTimeField(help_text="When applications or tenders must be in")
    eoi_deadline = models.DateTimeField("Expressions of interest by", null=True, blank=True)
    eligibility = models.TextField(blank=True, max_length=5000)
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.COUNTYWIDE)
    link = models.URLField("Link to the funder's page", max_length=500, blank=True)
    suits_small = models.BooleanField("Suits small organisations", default=False)
    suits_vcse = models.BooleanField(
        "Suits voluntary and community (VCSE) providers", default=False
    )
    ocid = models.CharField(
        "Open Contracting id (OCID)",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Set when the tender was imported from an OCDS release package",
    )
    is_published = models.BooleanField("Published", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()
    history = QuietHistoricalRecords()

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("funder"),
        index.SearchField("programme"),
        index.SearchField("description"),
        index.SearchField("eligibility"),
        index.SearchField("search_stems"),  # word forms: portal.stemming
        index.FilterField("kind"),
        index.FilterField("area"),
        index.FilterField("is_published"),
        index.FilterField("deadline"),
    ]

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_min__isnull=True)
                | models.Q(amount_max__isnull=True)
                | models.Q(amount_min__lte=models.F("amount_max")),
                name="opportunity_amounts_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.title)[:240] or "opportunity"
            slug, n = base, 2
            while Opportunity.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/opportunities/{self.slug}/"

    @property
    def is_open(self):
        return self.deadline >= timezone.now()


class PartnerSearch(models.Model):
    """A member organisation saying it is looking for partners for an opportunity."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="partner_searches"
    )
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="partner_searches"
    )
    note = models.TextField(
        blank=True, max_length=1000, help_text="What you bring and what partners you need"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"], name="one_partner_search_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} seeks partners for {self.opportunity}"


class OcdsSourceKind(models.TextChoices):
    RELEASE_PACKAGE = "release_package", "Release package"
    RECORD_PACKAGE = "record_package", "Record package"


class OcdsSourceFrequency(models.TextChoices):
    HOURLY = "hourly", "Every hour"
    DAILY = "daily", "Every day"


class OcdsSource(models.Model):
    """An address publishing OCDS packages of tenders that the background worker reads on a
    schedule (``consortium.opportunities.pulling``), as if staff uploaded the file."""

    name = models.CharField(max_length=200, help_text="Such as Contracts Finder: social care")
    url = models.URLField(
        "Address (URL)",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="An http or https address that returns an OCDS release or record package "
        "(JSON). Pages linked by the package's links.next are read too.",
    )
    kind = models.CharField(
        "What the address returns",
        max_length=20,
        choices=OcdsSourceKind.choices,
        default=OcdsSourceKind.RELEASE_PACKAGE,
    )
    enabled = models.BooleanField(
        "Read on schedule", default=True, help_text="Untick to stop reading this address"
    )
    frequency = models.CharField(
        "How often", max_length=10, choices=OcdsSourceFrequency.choices, default="daily"
    )
    last_checked_at = models.DateTimeField("Last read", null=True, blank=True, editable=False)
    last_result = models.TextField("Last result", blank=True, editable=False)
    last_error = models.TextField("Last error", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "OCDS source"

    def __str__(self):
        return self.name
