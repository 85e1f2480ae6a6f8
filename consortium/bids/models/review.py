"""A partner's answer to being asked to sign off, other than signing: a request for changes,
or declining to take part. Dated and never edited: a later answer is a new record."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from consortium.bids.models.bids import JointBid
from consortium.bids.models.parts import BidSection

MAX_REASON_LENGTH = 2000


class ResponseKind(models.TextChoices):
    CHANGES = "changes", "Asked for changes"
    DECLINED = "declined", "Declined to take part"


class SignOffResponse(models.Model):
    """What a partner organisation said instead of signing off version ``bid_version``."""

    bid = models.ForeignKey(JointBid, on_delete=models.CASCADE, related_name="sign_off_responses")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(max_length=10, choices=ResponseKind.choices)
    reason = models.TextField(max_length=MAX_REASON_LENGTH)
    sections = models.ManyToManyField(BidSection, blank=True, related_name="+")
    bid_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bid", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} {self.get_answer_display().lower()} on {self.bid}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A sign-off response is never edited; record a new one.")
        super().save(*args, **kwargs)

    @property
    def summary(self):
        """As the bid's history says it."""
        if self.answer == ResponseKind.DECLINED:
            return f"{self.organisation.name} declined to take part: {self.reason}"
        return f"{self.organisation.name} asked for changes: {self.reason}"
