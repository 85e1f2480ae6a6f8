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

    def chosen_quote(self):
        return next((q for q in self.quotes.all() if q.chosen), None)

    def price_per_unit(self):
        """The unit price: the scheme's own when set, else the chosen quote's."""
        if self.unit_price is not None:
            return self.unit_price
        quote = self.chosen_quote()
        return quote.unit_price if quote else None


class SupplierQuote(models.Model):
    """A supplier's price for the scheme; the coordinator chooses one."""

    # A ParentalKey so that staff edit a scheme's quotes inline in the admin.
    scheme = ParentalKey(Scheme, on_delete=models.CASCADE, related_name="quotes")
    supplier = models.CharField(max_length=200)
    unit_price = models.DecimalField(
        "Unit price (£)", max_digits=10, decimal_places=4, validators=[MinValueValidator(0)]
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
        return f"{self.supplier}: £{self.unit_price}"


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
