"""Who has a section's writing page open, so that others can see it before they start.

A hint, not a lock: the merge on save (``consortium.bids.versions``) is what keeps two
people's text safe. A row per person per section, refreshed by the page's heartbeat.
"""

from django.conf import settings
from django.db import models

from consortium.bids.models.parts import BidSection


class SectionPresence(models.Model):
    """Someone had the section's writing page open at ``last_seen``."""

    section = models.ForeignKey(BidSection, on_delete=models.CASCADE, related_name="presences")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["section", "person"], name="one_presence_per_person")
        ]

    def __str__(self):
        return f"{self.person} on {self.section}"
