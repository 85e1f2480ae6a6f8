"""The answer library: good answers from past bids, kept to reuse in new ones.

An answer belongs to one library: an organisation's (private to its people), a consortium's
(for its members' people) or, with neither, the shared library that brokerage staff keep.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from consortium.bids.models.parts import MAX_SECTION_LENGTH
from portal import stemming

# How long an answer stays fresh after it is written or reviewed.
REVIEW_MONTHS = 12


class AnswerTag(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding"
    SOCIAL_VALUE = "social-value", "Social value"
    EQUALITY = "equality", "Equality"
    DATA_PROTECTION = "data-protection", "GDPR and data protection"
    OUTCOMES = "outcomes", "Outcomes"
    HISTORY = "organisation-history", "Organisation history"
    GOVERNANCE = "governance", "Governance"
    FINANCE = "finance", "Finance"
    VOLUNTEERING = "volunteering", "Volunteering"
    PARTNERSHIP = "partnership-working", "Partnership working"


def months_on(day, months=REVIEW_MONTHS):
    """``day`` moved on by whole months (29 February becomes 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def default_review_by():
    return months_on(timezone.localdate())


class Answer(models.Model):
    title = models.CharField(max_length=150)
    body = models.TextField(max_length=MAX_SECTION_LENGTH)
    # Tags of AnswerTag, stored ",a,b," so that one tag is found with a plain "contains".
    tag_list = models.CharField(max_length=300, blank=True, default="")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_answers",
    )
    organisation = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_answers",
        help_text="An organisation's private answer",
    )
    consortium = models.ForeignKey(
        "consortium.Consortium",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_answers",
        help_text="An answer shared with the consortium's members",
    )
    review_by = models.DateField(default=default_review_by)
    times_used = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The stems of the title, text and tags, " "-separated and padded, for the search.
    search_text = models.TextField(blank=True, default="", editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(consortium__isnull=True),
                name="answer_in_one_library",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        text = " ".join([self.title, self.body, *self.tag_labels])
        found = dict.fromkeys(stemming.stem(word) for word in stemming.words(text))
        self.search_text = f" {' '.join(found)} "
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def tags(self):
        return [tag for tag in self.tag_list.split(",") if tag]

    @tags.setter
    def tags(self, values):
        known = [tag for tag in AnswerTag.values if tag in set(values)]
        self.tag_list = f",{','.join(known)}," if known else ""

    @property
    def tag_labels(self):
        return [AnswerTag(tag).label for tag in self.tags if tag in AnswerTag.values]

    @property
    def is_stale(self):
        return self.review_by < timezone.localdate()

    @property
    def library_name(self):
        if self.organisation_id:
            return self.organisation.name
        if self.consortium_id:
            return self.consortium.name
        return "Shared library"

    @property
    def library_key(self):
        if self.organisation_id:
            return f"organisation-{self.organisation_id}"
        if self.consortium_id:
            return f"consortium-{self.consortium_id}"
        return "shared"
