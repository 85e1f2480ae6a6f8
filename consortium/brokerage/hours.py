"""The hours log of a match: each side records the hours given, one entry at a time.

An entry is never changed once saved. A side corrects an entry with a new one that
*replaces* it (same side): the replaced entry is kept, shown struck through, and no longer
counts.

How the log and the match reports add up (no double counting): the log and the reports'
"Volunteer hours given" describe the same time. When a match has an hours log, the log is
the figure impact counts instead of the reports' hours: each side's total of its current
entries, and when both sides logged, the lower of the two totals (as for reports). A match
with no log counts the reports' hours as before. Either way the counted figure is stored on
``Match.hours``, which impact adds up once the match is complete.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from consortium.brokerage.models import HOURS_CATEGORIES, Match, MatchStatus
from consortium.brokerage.outcomes import MatchSide, apply_agreed

MIN_HOURS = Decimal("0.25")
MAX_HOURS = Decimal("24")
MAX_NOTE_LENGTH = 500


class HoursEntry(models.Model):
    """Hours one side of a match says were given on one day."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="hours_entries")
    side = models.CharField(max_length=10, choices=MatchSide.choices)
    worked_on = models.DateField("Date")
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS)],
    )
    note = models.CharField(max_length=MAX_NOTE_LENGTH, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The earlier entry of the same side that this one corrects",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["worked_on", "logged_at", "pk"]
        verbose_name_plural = "hours entries"

    def __str__(self):
        return f"{self.hours} hours on {self.worked_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An hours entry is never changed: a correction is a new entry")
        super().save(*args, **kwargs)


def logs_hours(match):
    """Whether the match is one where time is given (and not cancelled or a no-show)."""
    return match.listing.category in HOURS_CATEGORIES and match.status in (
        MatchStatus.AGREED,
        MatchStatus.COMPLETED,
    )


def current_entries(match):
    """The entries that count: those no later entry replaces."""
    return match.hours_entries.filter(replaced_by__isnull=True)


def side_totals(match):
    """{side: total hours of its current entries} (a side that logged nothing is left out)."""
    rows = current_entries(match).order_by().values("side").annotate(total=Sum("hours"))
    return {row["side"]: row["total"] for row in rows}


def counted_hours(totals):
    """The log's figure: the lower side's total when both logged, else the one side's."""
    return min(totals.values()) if totals else None


def apply_log(match):
    """Set ``match.hours`` (not saved): the log's figure if it has entries, else the reports'."""
    totals = side_totals(match)
    if totals:
        match.hours = counted_hours(totals)
    return totals


@transaction.atomic
def log_hours(match, side, by, worked_on, hours, note="", replaces=None):
    """Add an entry for ``side`` and store the hours the match now counts."""
    if replaces is not None and (
        replaces.match_id != match.pk
        or replaces.side != side
        or HoursEntry.objects.filter(replaces=replaces).exists()
    ):
        raise ValidationError("You can only correct your own side's current entries")
    if worked_on > timezone.localdate():
        raise ValidationError("The date must be today or in the past")
    entry = HoursEntry.objects.create(
        match=match,
        side=side,
        worked_on=worked_on,
        hours=hours,
        note=note,
        replaces=replaces,
        logged_by=by,
    )
    apply_agreed(match)  # the reports' figures first, then the log replaces the hours
    apply_log(match)
    match.save(update_fields=["hours", "items", "money_value", "kg_reused", "reports_disagree"])
    return entry
