"""The PDF and Word files of a bid that is not submitted, kept until the bid changes.

A draft's file is made once per version, format and audience (what the reader may see: every
budget line, or the lines of their own organisations) and served from storage after that.
The background worker makes it (``consortium.bids.exports.drafts``); ``stage`` says how far
it has got, for the "being prepared" page. Files under ``drafts/`` are never served directly.
"""

from django.db import models
from django.utils import timezone

from consortium.bids.models.bids import JointBid
from consortium.bids.models.submitted import DocumentFormat, kept_path


class DraftStage(models.TextChoices):
    QUEUED = "queued", "Waiting for its turn"
    READING = "reading", "Reading the bid"
    LAYING_OUT = "laying-out", "Laying out the pages"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


def draft_path(instance, filename):
    return kept_path("drafts", instance, filename)


class DraftDocument(models.Model):
    """One file (PDF or Word) of one version of a bid, for one audience, once made."""

    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="draft_documents")
    version = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=DocumentFormat.choices)
    # Who the file is for ("all" lines, or "orgs:3,7"): never served to another audience.
    audience = models.CharField(max_length=255)
    # What else the file shows that may change within a version (state, sign-offs, members).
    stamp = models.CharField(max_length=64, blank=True)
    stage = models.CharField(max_length=12, choices=DraftStage.choices, default=DraftStage.QUEUED)
    file = models.FileField(upload_to=draft_path, max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0, help_text="Bytes")
    filename = models.CharField(max_length=255, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["bid", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "version", "format", "audience", "stamp"],
                name="one_draft_file_per_reader_view",
            )
        ]

    def __str__(self):
        return f"{self.bid} v{self.version} ({self.get_format_display()}, {self.audience})"

    @property
    def is_ready(self):
        return self.stage == DraftStage.READY and bool(self.file)

    @property
    def has_failed(self):
        return self.stage == DraftStage.FAILED
