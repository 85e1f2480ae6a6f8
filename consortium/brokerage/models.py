"""Offers and needs (listings), replies to them, the matches they become, and watches."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from wagtail.search import index

from consortium.history import QuietHistoricalRecords
from consortium.organisations.models import Area
from portal.stemming import Stemmed

# Replies unanswered for this many working days are flagged to the owner and to staff.
REPLY_OVERDUE_WORKING_DAYS = 5
# Needs with no activity for this many days are closed, after a warning this many days before.
INACTIVE_NEED_DAYS = 60
INACTIVE_NEED_WARNING_DAYS = 7
# The largest quantity a listing or outcome may state: a typo guard, not a business limit.
MAX_QUANTITY = 1_000_000


class ListingKind(models.TextChoices):
    OFFER = "offer", "Offer"
    NEED = "need", "Need"


class Category(models.TextChoices):
    VOLUNTEERING = "volunteering", "Volunteering time"
    GIVING = "giving", "Giving (money)"
    DOCUMENTS = "documents", "Information and documents"
    SKILLS = "skills", "Skills and shared staff"
    EQUIPMENT = "equipment", "Equipment"
    VENUES = "venues", "Venues and space"
    OTHER = "other", "Other"


# Matches in these categories are time given: they keep an hours log (brokerage.hours).
HOURS_CATEGORIES = {Category.VOLUNTEERING, Category.SKILLS}


class CostBasis(models.TextChoices):
    FREE = "free", "Free"
    COST_RECOVERY = "cost-recovery", "Cost recovery"
    CHARGED = "charged", "Charged"


class ListingStatus(models.TextChoices):
    OPEN = "open", "Open"
    PROMISED = "promised", "Promised"
    MATCHED = "matched", "Matched"
    CLOSED = "closed", "Closed"
    EXPIRED = "expired", "Expired"


class Audience(models.TextChoices):
    """Who may see a listing, narrowest first. A listing's audience widens over time."""

    GROUP = "group", "Our forums and clusters"
    MEMBERS = "members", "All members"
    PUBLIC = "public", "Everyone (public)"


class Moderation(models.TextChoices):
    PENDING = "pending", "Waiting for staff approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Listing(Stemmed, index.Indexed, models.Model):
    """An offer or a need in one category, posted by an organisation."""

    kind = models.CharField(max_length=10, choices=ListingKind.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, blank=True)
    description = models.TextField(max_length=5000)
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="listings"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.COUNTYWIDE)
    available_from = models.DateField(null=True, blank=True)
    available_until = models.DateField(
        null=True, blank=True, help_text="An offer expires by itself after this date"
    )
    cost_basis = models.CharField(max_length=20, choices=CostBasis.choices, default=CostBasis.FREE)
    quantity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )
    unit = models.CharField(
        max_length=40, blank=True, help_text="What the quantity counts: hours, chairs, rooms"
    )
    status = models.CharField(
        max_length=10, choices=ListingStatus.choices, default=ListingStatus.OPEN
    )
    # The audience starts at `audience` and widens to all members on `members_from` and to
    # the public on `public_from` (either date may be empty: no widening).
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    members_from = models.DateField(null=True, blank=True)
    public_from = models.DateField(null=True, blank=True)
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.APPROVED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    inactivity_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = QuietHistoricalRecords()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.SearchField("search_stems"),  # word forms: portal.stemming
        index.FilterField("id"),  # suggested matches rank only their candidates
        index.FilterField("kind"),
        index.FilterField("category"),
        index.FilterField("area"),
        index.FilterField("status"),
        index.FilterField("moderation"),
        index.FilterField("organisation_id"),
        index.FilterField("audience"),
        index.FilterField("members_from"),
        index.FilterField("public_from"),
        index.FilterField("available_until"),
        index.FilterField("cost_basis"),
    ]

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "moderation", "category"]),
            # The resources list, newest first: read in index order until a page is full.
            models.Index(fields=["-created_at", "-id"], name="listing_newest_first"),
            # Counting the open, approved listings a visitor may see from the index alone.
            models.Index(
                fields=["audience", "kind", "public_from", "members_from", "available_until"],
                condition=models.Q(status=ListingStatus.OPEN, moderation=Moderation.APPROVED),
                name="listing_open_approved",
            ),
            # Suggested matches: the open, approved listings of one category and kind.
            models.Index(
                fields=["category", "kind"],
                condition=models.Q(status=ListingStatus.OPEN, moderation=Moderation.APPROVED),
                name="listing_open_by_category",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:160] or "listing"
        super().save(*args, **kwargs)

    def current_status(self, day=None):
        """The status as visitors should see it: an offer past its date is expired even
        before the daily job has recorded it."""
        day = day or timezone.localdate()
        if (
            self.status == ListingStatus.OPEN
            and self.kind == ListingKind.OFFER
            and self.available_until
            and self.available_until < day
        ):
            return ListingStatus.EXPIRED
        return self.status

    def get_current_status_display(self):
        return ListingStatus(self.current_status()).label

    def is_open(self, day=None):
        return self.current_status(day) == ListingStatus.OPEN

    def audience_on(self, day=None):
        """The widest audience the listing has reached on ``day`` (today by default)."""
        day = day or timezone.localdate()
        if self.audience == Audience.PUBLIC or (self.public_from and self.public_from <= day):
            return Audience.PUBLIC
        if self.audience == Audience.MEMBERS or (self.members_from and self.members_from <= day):
            return Audience.MEMBERS
        return Audience.GROUP


def attachment_path(instance, filename):
    # A random folder: uploaded files must not be found by guessing their address.
    return f"listings/{instance.listing_id}/{uuid.uuid4().hex}/{filename}"


class ListingAttachment(models.Model):
    """A document or image attached to a listing; always served as a download."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class ReplyStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Reply(models.Model):
    """Another organisation, or an individual volunteer, answering a listing."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="replies")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listing_replies"
    )
    organisation = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="Empty when an individual volunteer replied",
    )
    offer = models.ForeignKey(
        Listing,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offered_in_replies",
        help_text="The replying organisation's own offer that meets this need, if any",
    )
    message = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.WAITING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "replies"

    def __str__(self):
        who = self.organisation or self.user
        return f"{who} to {self.listing.title}"


class MatchStatus(models.TextChoices):
    AGREED = "agreed", "Agreed"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no-show", "No-show"
    CANCELLED = "cancelled", "Cancelled"


class Verdict(models.TextChoices):
    """What one side of a match says happened."""

    COMPLETED = "completed", "It happened"
    NO_SHOW = "no-show", "The other side did not turn up"


class Match(models.Model):
    """An accepted reply: both sides mark it complete, with its outcome, or as a no-show."""

    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="match")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.AGREED
    )
    owner_confirmed_at = models.DateTimeField(null=True, blank=True)
    responder_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Each side's word: the match is completed only when both say it happened.
    owner_verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    responder_verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    hours = models.DecimalField(
        "Volunteer hours given",
        max_digits=10,
        decimal_places=2,  # the hours log counts quarter hours (consortium.brokerage.hours)
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_QUANTITY)],
    )
    items = models.PositiveIntegerField(
        "Items given or lent",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_QUANTITY)],
    )
    money_value = models.DecimalField(
        "Money value (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_QUANTITY * 10)],
    )
    kg_reused = models.DecimalField(
        "Kilograms reused",
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_QUANTITY)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The four figures above are the agreed ones impact counts, worked out from both sides'
    # reports (consortium.brokerage.outcomes); this says the two reports differ.
    reports_disagree = models.BooleanField(
        "Reports disagree",
        default=False,
        help_text="The two sides reported different figures: impact counts the lower",
    )

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "matches"

    def __str__(self):
        return f"Match on {self.listing.title}"


class Watch(models.Model):
    """A member asks to be told when a listing in a category and area appears."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    kind = models.CharField(
        max_length=10, choices=ListingKind.choices, blank=True, help_text="Empty: both"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    area = models.CharField(
        max_length=20, choices=Area.choices, blank=True, help_text="Empty: anywhere"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["category", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "category", "area"], name="one_watch_per_search"
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()} in {self.get_area_display() or 'any area'}"


class ListingReport(models.Model):
    """Someone signed in reports a listing to staff."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on {self.listing.title}"
