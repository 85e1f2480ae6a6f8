"""Consortia of member organisations and the joint bids they write together.

Every change to a bid, its sections, budget lines, partners' statements, the consortium's
members and the sign-offs is kept by django-simple-history. Rows people edit at the same
time carry a ``version`` that each save checks and raises (see ``consortium.bids``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.models import Orderable

from .documents import DocumentKind
from .organisations import Area

MAX_AMOUNT = Decimal("100000000")  # £100m: more than any bid a consortium here will make
INVITATION_DAYS = 14


def unique_slug(model, text, pk, max_length=200, fallback="item"):
    base = slugify(text)[: max_length - 5] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- consortia ------------------------------------------------------------------------------


class ConsortiumRole(models.TextChoices):
    LEAD = "lead", "Lead"
    PARTNER = "partner", "Partner"
    SUBCONTRACTOR = "subcontractor", "Subcontractor"


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"


class Consortium(models.Model):
    """Member organisations bidding together. It outlives any one bid."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    description = models.TextField(blank=True, max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "consortia"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Consortium, self.name, self.pk, fallback="consortium")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/consortia/{self.slug}/"


class ConsortiumMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=InvitationStatus.ACCEPTED)

    def pending(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=InvitationStatus.INVITED, expires_on__gte=today)


def invitation_expiry():
    return timezone.localdate() + timezone.timedelta(days=INVITATION_DAYS)


class ConsortiumMember(models.Model):
    """An organisation in a consortium, from its invitation on."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="consortium_memberships"
    )
    role = models.CharField(
        max_length=15, choices=ConsortiumRole.choices, default=ConsortiumRole.PARTNER
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="consortium_contacts",
        help_text="The people who speak for this organisation in the consortium",
    )
    message = models.TextField("Message with the invitation", blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(default=invitation_expiry)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = ConsortiumMemberQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        ordering = ["consortium", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "organisation"], name="one_place_per_consortium"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.consortium} ({self.get_role_display()})"

    @property
    def is_expired(self):
        return self.status == InvitationStatus.INVITED and self.expires_on < timezone.localdate()

    @property
    def is_lead(self):
        return self.role == ConsortiumRole.LEAD and self.status == InvitationStatus.ACCEPTED


# --- templates for a bid's sections -------------------------------------------------------------


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
    guidance = models.TextField(blank=True)
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


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    DRAFTING = "drafting", "Drafting"
    READY = "ready", "Ready"


class BidSection(models.Model):
    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=150)
    guidance = models.TextField(blank=True)
    body = models.TextField(blank=True)
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
    status = models.CharField(
        max_length=15, choices=SectionStatus.choices, default=SectionStatus.NOT_STARTED
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "sort_order", "pk"]

    def __str__(self):
        return self.title

    @property
    def word_count(self):
        return len(self.body.split())

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


class BudgetLine(models.Model):
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
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "organisation__name", "year", "category", "pk"]

    def __str__(self):
        return self.description


class PartnerStatement(models.Model):
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
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

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
