"""Joint bids and the templates they start from."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.models import Orderable

from consortium.bids.models.consortia import Consortium, unique_slug
from consortium.organisations.documents import DocumentKind
from consortium.organisations.models import Area

MAX_AMOUNT = Decimal("100000000")  # £100m: more than any bid a consortium here will make


class BidTemplate(ClusterableModel):
    """A set of sections a lead starts a bid from (edited by staff as a snippet)."""

    name = models.CharField(max_length=150, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BidTemplateSection(Orderable):
    template = ParentalKey(BidTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=150)
    guidance = models.TextField(blank=True, max_length=5000)
    word_limit = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20000)]
    )

    def __str__(self):
        return self.title


# --- joint bids ---------------------------------------------------------------------------------


class BidState(models.TextChoices):
    DRAFT = "draft", "Draft"
    INTERNAL_REVIEW = "internal-review", "Internal review"
    AWAITING_SIGN_OFF = "awaiting-sign-off", "Awaiting sign-off"
    SUBMITTED = "submitted", "Submitted"
    AWARDED = "awarded", "Awarded"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    WITHDRAWN = "withdrawn", "Withdrawn"


def default_required_documents():
    return [
        DocumentKind.SAFEGUARDING.value,
        DocumentKind.INSURANCE.value,
        DocumentKind.ACCOUNTS.value,
    ]


class JointBid(models.Model):
    """One application a consortium writes together.

    ``version`` counts changes to the bid's content (its details, sections, budget and
    statements); sign-offs are given on one version and voided by the next.
    """

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="bids")
    opportunity = models.ForeignKey(
        "consortium.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bids",
    )
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True, blank=True)
    funder = models.CharField(max_length=200, blank=True)
    programme = models.CharField("Programme or tender", max_length=200, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    amount_requested = models.DecimalField(
        "Amount requested (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    start_date = models.DateField(null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        "Duration (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    summary = models.TextField(blank=True, max_length=5000)
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.COUNTYWIDE)
    required_documents = models.JSONField(
        "Documents the funder asks every partner for",
        default=default_required_documents,
        blank=True,
    )
    state = models.CharField(max_length=20, choices=BidState.choices, default=BidState.DRAFT)
    version = models.PositiveIntegerField(default=1)
    amount_awarded = models.DecimalField(
        "Amount awarded (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    award_date = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The deadline reminders already sent, such as “7@2027-03-01T12:00:00+00:00”",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(JointBid, self.title, self.pk, max_length=255, fallback="bid")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/bids/{self.slug}/"
