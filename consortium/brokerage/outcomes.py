"""What a match achieved, as each side reported it, and the agreed figure impact counts.

Each side of a match (the poster's side, whose listing it is, and the replier's side) keeps
its own report: who gave it, when, and its figures. A side corrects its figures with a new
report; the other side's reports are never touched.

The agreed figure, for each of hours, items, money value and kilograms: when both sides
gave it and it is the same, that; when they differ, the lower of the two; when only one side
gave it, that side's figure. The agreed figures are stored on the match itself, so the impact
pages add them up in a fixed number of queries (``consortium.impact.figures``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from consortium.brokerage.models import MAX_QUANTITY, Match, Verdict
from consortium.numbers import money, number

OUTCOME_FIELDS = ("hours", "items", "money_value", "kg_reused")
LABELS = {
    "hours": "Volunteer hours given",
    "items": "Items given or lent",
    "money_value": "Money value",
    "kg_reused": "Kilograms reused",
}


class MatchSide(models.TextChoices):
    OWNER = "owner", "Poster's side"
    RESPONDER = "responder", "Replier's side"


class MatchReport(models.Model):
    """One side's word on what a match achieved, as that side gave it.

    Never changed once saved: a side corrects its figures with a new, later report, and the
    latest report of each side is the one that counts.
    """

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="reports")
    side = models.CharField(max_length=10, choices=MatchSide.choices)
    verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    hours = models.DecimalField(
        "Volunteer hours given",
        max_digits=9,
        decimal_places=1,
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
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reported_at", "pk"]
        indexes = [
            models.Index(fields=["match", "side", "reported_at"], name="matchreport_latest_by_side")
        ]

    def __str__(self):
        return f"{self.get_side_display()}, {timezone.localtime(self.reported_at):%-d %B %Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A match report is never changed: a correction is a new report")
        super().save(*args, **kwargs)

    def figures(self):
        return {name: getattr(self, name) for name in OUTCOME_FIELDS}


def latest_reports(match, reports=None):
    """{side: that side's latest report} (a side that has not reported is left out)."""
    latest = {}
    for report in match.reports.order_by("reported_at", "pk") if reports is None else reports:
        latest[report.side] = report
    return latest


@dataclass
class AgreedFigure:
    """One figure of a match: what each side said, what counts, and why."""

    name: str
    label: str
    owner: object
    responder: object
    agreed: object

    def _shown(self, value):
        if value is None:
            return "Not reported"
        return money(value) if self.name == "money_value" else number(value)

    @property
    def owner_shown(self):
        return self._shown(self.owner)

    @property
    def responder_shown(self):
        return self._shown(self.responder)

    @property
    def agreed_shown(self):
        return self._shown(self.agreed)

    @property
    def disagree(self):
        return None not in (self.owner, self.responder) and self.owner != self.responder

    @property
    def reason(self):
        if self.owner is None and self.responder is None:
            return ""
        if self.responder is None:
            return "Only the poster's side reported this"
        if self.owner is None:
            return "Only the replier's side reported this"
        if self.disagree:
            return "The two sides differ: the lower figure counts"
        return "Both sides reported the same"


def agreed_figures(reports):
    """[AgreedFigure] for each outcome field, from ``{side: report}``."""
    owner = reports.get(MatchSide.OWNER)
    responder = reports.get(MatchSide.RESPONDER)
    rows = []
    for name in OUTCOME_FIELDS:
        said = [getattr(r, name) if r else None for r in (owner, responder)]
        given = [value for value in said if value is not None]
        rows.append(
            AgreedFigure(
                name=name,
                label=LABELS[name],
                owner=said[0],
                responder=said[1],
                agreed=min(given) if given else None,
            )
        )
    return rows


def apply_agreed(match, reports=None):
    """Set the match's figures to the agreed ones (not saved); returns the AgreedFigures."""
    rows = agreed_figures(latest_reports(match) if reports is None else reports)
    for row in rows:
        setattr(match, row.name, row.agreed)
    match.reports_disagree = any(row.disagree for row in rows)
    return rows


def report_context(match):
    """What the match page shows of the reports: each side's latest, the figures with what
    counts and why, and the earlier reports that corrections replaced (newest first)."""
    everything = list(match.reports.select_related("reported_by").order_by("reported_at", "pk"))
    latest = latest_reports(match, everything)
    current = {report.pk for report in latest.values()}
    return {
        "reports": latest,
        "owner_report": latest.get(MatchSide.OWNER),
        "responder_report": latest.get(MatchSide.RESPONDER),
        "figure_rows": [
            row for row in agreed_figures(latest) if row.agreed is not None or row.disagree
        ],
        "earlier_reports": [r for r in reversed(everything) if r.pk not in current],
    }
