"""The parts of a joint bid that partners write and sign: sections, budget lines,
statements, comments and sign-offs."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from consortium.bids.models.bids import MAX_AMOUNT, JointBid

# The most a section may hold (about 8,000 words), whatever the funder's word limit.
MAX_SECTION_LENGTH = 50000


class SharedPart(models.Model):
    """A part of a bid that several partners edit at once (a section, a budget line, a
    partner's statement). Each save checks and raises ``version`` (see
    ``consortium.bids.versions.save_with_merge``), so two people saving never silently
    overwrite each other; ``updated_by`` and ``updated_at`` say who saved it last."""

    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SectionStatus(models.TextChoices):
    """Where a section is: written (not started, drafting), then reviewed (in review, changes
    asked, approved); see ``consortium.bids.section_review``."""

    NOT_STARTED = "not-started", "Not started"
    DRAFTING = "drafting", "Drafting"
    IN_REVIEW = "in-review", "In review"
    CHANGES_ASKED = "changes-asked", "Changes asked"
    APPROVED = "approved", "Approved"


class BidSection(SharedPart):
    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=150)
    guidance = models.TextField(blank=True, max_length=5000)
    # Funders' own limits are words (word_limit); this one keeps any section printable.
    body = models.TextField(blank=True, max_length=MAX_SECTION_LENGTH)
    sort_order = models.PositiveIntegerField(default=0)
    word_limit = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20000)]
    )
    assigned_to = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bid_sections",
        help_text="The partner organisation that writes this section",
    )
    due_on = models.DateField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sections_to_review",
        help_text="The person who approves the section or returns it with comments",
    )
    status = models.CharField(
        max_length=15, choices=SectionStatus.choices, default=SectionStatus.NOT_STARTED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "sort_order", "pk"]

    def __str__(self):
        return self.title

    @property
    def word_count(self):
        from consortium.bids.formatting import count_words

        return count_words(self.body)

    @property
    def over_limit(self):
        return self.word_limit is not None and self.word_count > self.word_limit


class BudgetCategory(models.TextChoices):
    STAFF = "staff", "Staff"
    VOLUNTEER_EXPENSES = "volunteer-expenses", "Volunteers' expenses"
    OVERHEADS = "overheads", "Overheads"
    EQUIPMENT = "equipment", "Equipment"
    MANAGEMENT_FEE = "management-fee", "Management fee"
    OTHER = "other", "Other"


class BudgetLine(SharedPart):
    """One line of the budget. Totals are always computed from the lines."""

    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="budget_lines")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.PROTECT, related_name="budget_lines"
    )
    category = models.CharField(max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    amount = models.DecimalField(
        "Amount (£)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    match_funding = models.DecimalField(
        "Match funding (£)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    is_private = models.BooleanField(
        "Private to my organisation and the lead",
        default=False,
        help_text="For pricing and staffing lines other partners should not see",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "organisation__name", "year", "category", "pk"]

    def __str__(self):
        return self.description


class PartnerStatement(SharedPart):
    """A partner's role in the bid, where it delivers and how much it can take on."""

    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="statements")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="bid_statements"
    )
    role_in_bid = models.TextField("Our role in this bid", blank=True, max_length=3000)
    delivery_areas = models.CharField(max_length=300, blank=True)
    capacity = models.TextField(
        "Our capacity", blank=True, max_length=3000, help_text="Staff, volunteers, premises"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "organisation"], name="one_statement_per_partner"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.bid}"


class SectionComment(models.Model):
    section = models.ForeignKey(BidSection, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(max_length=3000)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A reply belongs to the comment that starts its thread (one level of replies).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The paragraph a comment is on, found again after edits (consortium.bids.comments).
    anchor_hash = models.CharField(max_length=64, blank=True)
    anchor_index = models.PositiveIntegerField(null=True, blank=True)
    anchor_text = models.TextField(blank=True, max_length=20000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "created_at", "pk"]

    def __str__(self):
        return f"Comment on {self.section}"


class SignOff(models.Model):
    """A partner organisation's sign-off of one exact version of a bid."""

    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="sign_offs")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="bid_sign_offs"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    bid_version = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the bid's content")
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_reason = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "signed_at"]

    def __str__(self):
        return f"{self.organisation} signed {self.bid} v{self.bid_version}"

    @property
    def is_valid(self):
        return self.voided_at is None
