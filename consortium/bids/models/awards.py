"""What a funder or buyer awarded a joint bid, as recorded at that moment.

An :class:`AwardRecord` is written once, when the award is recorded, and never changed: the
recipient (the lead organisation then), the amount, the dates and the funder's identifiers
stay as they were, whoever leads the consortium later. A correction is a new record that
supersedes the old one and says why (``consortium.bids.awards``). The open data (360Giving
grants, OCDS contract awards) is read from these records only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from consortium.bids.models.bids import MAX_AMOUNT, JointBid
from consortium.opportunities.models import ORG_ID


class AwardKind(models.TextChoices):
    GRANT = "grant", "Grant"  # published as 360Giving
    CONTRACT = "contract", "Contract"  # a tender won: published as an OCDS award release


class AwardRecordIsFixed(Exception):
    """An award record never changes; record a correction instead."""


class AwardRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AwardRecordIsFixed("An award record never changes; record a correction instead.")

    def current(self):
        """The records no correction has superseded: what the open data shows."""
        return self.filter(superseded_by__isnull=True)


class AwardRecord(models.Model):
    """One award as recorded, fixed from then on."""

    bid = models.ForeignKey(JointBid, on_delete=models.PROTECT, related_name="award_records")
    kind = models.CharField(max_length=10, choices=AwardKind.choices, default=AwardKind.GRANT)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, max_length=5000)  # the bid's summary
    programme = models.CharField(max_length=200, blank=True)
    recipient = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_records",
    )
    recipient_name = models.CharField(max_length=200)
    recipient_org_id = models.CharField("Recipient's org-id", max_length=40, blank=True)
    # Shoal's own key for a recipient with no org-id, fixed with the rest ("org-<slug>").
    recipient_local_id = models.CharField(max_length=220)
    recipient_charity_number = models.CharField(max_length=8, blank=True)
    recipient_company_number = models.CharField(max_length=8, blank=True)
    funder_name = models.CharField("Funder or buyer", max_length=200)
    funder_org_id = models.CharField(
        "Funder's or buyer's org-id", max_length=40, blank=True, validators=[ORG_ID]
    )
    ocid = models.CharField("Open Contracting id (OCID)", max_length=100, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount = models.DecimalField(
        "Amount awarded",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    amount_applied_for = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    award_date = models.DateField()
    start_date = models.DateField(null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The record this one corrects",
    )
    reason = models.TextField("Why it was corrected", blank=True, max_length=2000)

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        ordering = ["award_date", "bid_id", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid"],
                condition=models.Q(supersedes__isnull=True),
                name="one_first_award_record_per_bid",
            ),
            models.CheckConstraint(
                condition=models.Q(supersedes__isnull=True) | ~models.Q(reason=""),
                name="an_award_correction_says_why",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) & models.Q(amount__lte=MAX_AMOUNT),
                name="award_amount_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.title}: {self.recipient_name}, {self.award_date:%d %B %Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AwardRecordIsFixed("An award record never changes; record a correction instead.")
        super().save(*args, **kwargs)

    @property
    def is_correction(self):
        return self.supersedes_id is not None
