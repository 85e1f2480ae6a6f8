"""Joint buying: schemes that gauge interest and pool orders, and members' pledges."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from consortium.history import QuietHistoricalRecords

MAX_PLEDGE = Decimal("1000000")


class ParentalHistoricalRecords(QuietHistoricalRecords):
    """History for a model with a ParentalKey: its copy in the history table is a plain
    foreign key (modelcluster forbids the ``related_name="+"`` history needs)."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for field in fields.values():
            if isinstance(field, ParentalKey):
                field.__class__ = models.ForeignKey
        return fields


class Commodity(models.TextChoices):
    HEATING_OIL = "heating-oil", "Heating oil"
    ENERGY = "energy", "Energy"
    INSURANCE = "insurance", "Insurance"
    IT_SUPPORT = "it-support", "IT support"
    DBS_CHECKS = "dbs-checks", "DBS checks"
    TRAINING = "training", "Training places"
    OTHER = "other", "Other"


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for pledges"
    CLOSED = "closed", "Closed"
    ORDERED = "ordered", "Ordered"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    # A member organisation's scheme before staff approve it, and one they turned down.
    PROPOSED = "proposed", "Awaiting approval"
    REJECTED = "rejected", "Not approved"
    # The window closed short of the minimum: the coordinator chooses what happens.
    SHORT = "short", "Short of the minimum"


# Schemes nobody but their coordinator and staff sees.
UNPUBLISHED = [SchemeStatus.DRAFT, SchemeStatus.PROPOSED, SchemeStatus.REJECTED]


class Scheme(ClusterableModel):
    """A joint-buying scheme run by a coordinator organisation."""

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True, blank=True)
    coordinator = models.ForeignKey(
        "consortium.Organisation", on_delete=models.PROTECT, related_name="coordinated_schemes"
    )
    commodity = models.CharField(max_length=20, choices=Commodity.choices)
    description = models.TextField(blank=True, max_length=5000)
    unit = models.CharField(max_length=40, help_text="What a pledge counts: litres, places")
    minimum_order = models.DecimalField(
        "Minimum order per organisation",
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PLEDGE)],
    )
    target_total = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_PLEDGE * 100)],
    )
    opens_on = models.DateField()
    closes_on = models.DateField(
        help_text="Pledges can be made and changed until the end of this day"
    )
    unit_price = models.DecimalField(
        "Unit price (£)",
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="When known; otherwise the chosen quote's price is used",
        validators=[MinValueValidator(0)],
    )
    delivery_notes = models.TextField(blank=True, max_length=2000)
    delivery_area = models.CharField(
        blank=True, max_length=200, help_text="Where the supplier delivers, for example the county"
    )
    # Proposed and run by a member organisation (approved by staff), rather than by staff.
    member_run = models.BooleanField(default=False, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    review_note = models.TextField(blank=True, max_length=2000, editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    opening_notice_sent_on = models.DateField(null=True, blank=True, editable=False)
    closing_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:160]
        super().save(*args, **kwargs)

    def is_open_for_pledges(self, today=None):
        today = today or timezone.localdate()
        return self.status == SchemeStatus.OPEN and self.opens_on <= today <= self.closes_on

    def outcome_or_none(self):
        try:
            return self.outcome
        except SchemeOutcome.DoesNotExist:
            return None

    def chosen_quote(self):
        return next((q for q in self.quotes.all() if q.chosen), None)

    def price_per_unit(self):
        """The unit price: the recorded outcome's, else the scheme's own when set, else the
        chosen quote's."""
        outcome = self.outcome_or_none() if self.member_run else None
        if outcome is not None:
            return outcome.unit_price
        if self.unit_price is not None:
            return self.unit_price
        quote = self.chosen_quote()
        return quote.unit_price if quote else None


class SupplierQuote(models.Model):
    """A supplier's price for the scheme; the coordinator chooses one."""

    # A ParentalKey so that staff edit a scheme's quotes inline in the admin.
    scheme = ParentalKey(Scheme, on_delete=models.CASCADE, related_name="quotes")
    supplier = models.CharField(max_length=200)
    # Staff-run schemes have one price; member-run ones price by volume (PriceBand).
    unit_price = models.DecimalField(
        "Unit price (£)",
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(blank=True, max_length=2000)
    chosen = models.BooleanField(default=False)

    history = ParentalHistoricalRecords()

    class Meta:
        ordering = ["unit_price"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme"], condition=models.Q(chosen=True), name="one_chosen_quote"
            )
        ]

    def __str__(self):
        if self.unit_price is None:
            return self.supplier
        return f"{self.supplier}: £{self.unit_price}"


class PriceBand(models.Model):
    """A supplier's unit price once the scheme's total reaches ``from_quantity``."""

    quote = models.ForeignKey(SupplierQuote, on_delete=models.CASCADE, related_name="bands")
    from_quantity = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PLEDGE * 100)],
    )
    unit_price = models.DecimalField(
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(Decimal("100000"))],
    )

    class Meta:
        ordering = ["from_quantity"]

    def __str__(self):
        return f"from {self.from_quantity}: £{self.unit_price}"


class SchemeOutcome(models.Model):
    """What was decided when a member-run scheme's window closed: kept as it was, even if
    the quotes change or are deleted afterwards."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="outcome")
    quote = models.ForeignKey(SupplierQuote, null=True, on_delete=models.SET_NULL, related_name="+")
    supplier = models.CharField(max_length=200)
    band_from = models.DecimalField(max_digits=14, decimal_places=2)
    unit_price = models.DecimalField(max_digits=10, decimal_places=4)
    total = models.DecimalField(max_digits=16, decimal_places=2)
    # True when the total fell short and the coordinator chose to go ahead anyway.
    went_ahead_short = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.scheme}: {self.supplier} at £{self.unit_price}"


class Pledge(models.Model):
    """How much a member organisation commits to a scheme while it is open."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="pledges"
    )
    quantity = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_PLEDGE)],
    )
    delivery_address = models.TextField(blank=True, max_length=500)
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "organisation"], name="one_pledge_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.quantity} {self.scheme.unit}"
