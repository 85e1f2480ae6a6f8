"""The due-diligence vault: an organisation's policies and evidence, kept once."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from consortium.history import QuietHistoricalRecords

# Members are reminded this many days before a document expires or is due for review.
REMINDER_DAYS = 30


class DocumentKind(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding policy"
    INSURANCE = "insurance", "Insurance certificate"
    ACCOUNTS = "accounts", "Latest accounts"
    EQUALITY = "equality", "Equality policy"
    DATA_PROTECTION = "data-protection", "Data protection policy"
    CONSTITUTION = "constitution", "Constitution or governing document"
    OTHER = "other", "Other"


class OrganisationDocumentQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today))

    def expiring(self, today=None, days=REMINDER_DAYS):
        """Documents that expire within ``days`` and whose reminder has not been sent."""
        today = today or timezone.localdate()
        return self.filter(
            expires_on__gte=today,
            expires_on__lte=today + timezone.timedelta(days=days),
            reminder_sent_on__isnull=True,
        )


def vault_path(instance, filename):
    return f"vault/{instance.organisation_id}/{filename}"


class OrganisationDocument(models.Model):
    """One policy or piece of evidence, with the date it expires or is due for review."""

    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=vault_path, max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    expires_on = models.DateField(
        "Expires or due for review on",
        null=True,
        blank=True,
        help_text="Members are reminded 30 days before",
    )
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationDocumentQuerySet.as_manager()
    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "kind", "-uploaded_at"]

    def __str__(self):
        return f"{self.title} ({self.organisation})"

    def is_expired(self, today=None):
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today
