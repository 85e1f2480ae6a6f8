"""The documents a consortium sent to the funder, kept exactly as they were made.

When a bid is marked submitted, Shoal renders its PDF and Word files as the lead and the
funder see them (every budget line) and keeps the bytes with their SHA-256. Those files are
what the lead and staff download for that version afterwards, whatever changes later to the
templates, the organisations or the consortium.
"""

import secrets

from django.db import models
from django.utils import timezone

from consortium.bids.models.bids import JointBid


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"


def kept_path(folder, instance, filename):
    """Under ``folder`` (never served directly), by bid and version, with a random part no one
    can guess."""
    return f"{folder}/{instance.bid_id}/v{instance.version}-{secrets.token_hex(8)}/{filename}"


def submitted_path(instance, filename):
    return kept_path("submissions", instance, filename)


class SubmittedDocument(models.Model):
    """One file (PDF or Word) of one submitted version of a bid, with its SHA-256."""

    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="submitted_documents")
    version = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=DocumentFormat.choices)
    file = models.FileField(upload_to=submitted_path, max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField(help_text="Bytes")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bid", "version", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "version", "format"], name="one_submitted_file_per_format"
            )
        ]

    def __str__(self):
        return f"{self.bid} v{self.version} ({self.get_format_display()})"
