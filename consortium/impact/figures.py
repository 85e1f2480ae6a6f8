"""What the brokerage achieved, from completed matches and joint-buying pledges.

Every figure comes from :class:`~consortium.models.Match` rows whose status is COMPLETED:
how many, volunteer hours, money value saved, items and kilograms reused; in total, by
category, by month (the last 12) and per organisation (either side of the match). Each
function costs a fixed number of queries however much data there is.
"""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from consortium.brokerage.models import Category, Match, MatchStatus
from consortium.buying.models import Scheme, SchemeStatus
from consortium.buying.rules import percent, with_totals
from consortium.organisations.models import Organisation
from portal.spreadsheets import csv_text

ZERO = Decimal("0")
MONTHS = 12


@dataclass
class Figures:
    matches_completed: int = 0
    volunteer_hours: Decimal = ZERO
    money_value: Decimal = ZERO
    items: int = 0
    kg_reused: Decimal = ZERO

    def add(self, other):
        self.matches_completed += other.matches_completed
        self.volunteer_hours += other.volunteer_hours
        self.money_value += other.money_value
        self.items += other.items
        self.kg_reused += other.kg_reused


SUMS = {
    "matches_completed": Count("pk"),
    "volunteer_hours": Sum("hours"),
    "money_value": Sum("money_value"),
    "items": Sum("items"),
    "kg_reused": Sum("kg_reused"),
}


def _figures(row):
    return Figures(
        matches_completed=row.get("matches_completed") or 0,
        volunteer_hours=row.get("volunteer_hours") or ZERO,
        money_value=row.get("money_value") or ZERO,
        items=row.get("items") or 0,
        kg_reused=row.get("kg_reused") or ZERO,
    )


def completed_matches():
    return Match.objects.filter(status=MatchStatus.COMPLETED).order_by()


def totals():
    """The headline figures for everything completed so far."""
    return _figures(completed_matches().aggregate(**SUMS))


def by_category():
    """(category label, Figures) for every category, in the categories' order."""
    rows = completed_matches().values("listing__category").annotate(**SUMS)
    found = {row["listing__category"]: _figures(row) for row in rows}
    return [(label, found.get(value, Figures())) for value, label in Category.choices]


def month_starts(today=None, months=MONTHS):
    """The first day of each of the last ``months`` months, oldest first, this month last."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def by_month(today=None):
    """(first day of the month, Figures) for the last 12 months, by completion date."""
    starts = month_starts(today)
    rows = (
        completed_matches()
        .annotate(
            month=TruncMonth(Coalesce("completed_at", "created_at"), output_field=DateField())
        )
        .filter(month__gte=starts[0])
        .values("month")
        .annotate(**SUMS)
    )
    found = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        found[month] = _figures(row)
    return [(start, found.get(start, Figures())) for start in starts]


@dataclass
class SchemeProgress:
    scheme: Scheme
    pledged: Decimal
    target: Decimal
    percent: int


def scheme_progress():
    """Pledges against targets for every scheme that is not a draft or cancelled."""
    schemes = with_totals(
        Scheme.objects.exclude(status__in=[SchemeStatus.DRAFT, SchemeStatus.CANCELLED])
    ).order_by("-opens_on", "title")
    return [
        SchemeProgress(s, s.pledged or ZERO, s.target_total, percent(s.pledged, s.target_total))
        for s in schemes
    ]


def _per_organisation(field, organisation_ids=None):
    matches = completed_matches().filter(**{f"{field}__isnull": False})
    if organisation_ids is not None:
        matches = matches.filter(**{f"{field}__in": organisation_ids})
    return {row[field]: _figures(row) for row in matches.values(field).annotate(**SUMS)}


def per_organisation(organisation_ids=None):
    """{organisation id: Figures}, counting each match for both the listing's organisation
    and the organisation that replied (once when they are the same)."""
    result = {}
    for field in ("listing__organisation", "reply__organisation"):
        for org_id, figures in _per_organisation(field, organisation_ids).items():
            result.setdefault(org_id, Figures()).add(figures)
    return result


def organisation_figures(organisation):
    return per_organisation([organisation.pk]).get(organisation.pk, Figures())


def organisations_with_figures():
    """(pk, is_public) of every organisation with an org-id and a completed match on either
    side, by name, in one query: small enough to keep in the cache for thousands of
    organisations. Who may see which is for ``permissions.impact_organisations_among``."""
    listed = completed_matches().values("listing__organisation")
    replied = completed_matches().values("reply__organisation")
    return list(
        Organisation.objects.exclude(org_id="")
        .filter(Q(pk__in=listed) | Q(pk__in=replied))
        .order_by("name", "pk")
        .values_list("pk", "is_public")
    )


def with_figures(pks):
    """[(Organisation, Figures)] for these organisation ids (a page of them), in their order:
    three queries."""
    found = Organisation.objects.only("pk", "name", "org_id").in_bulk(pks)
    organisations = [found[pk] for pk in pks if pk in found]
    figures = per_organisation([o.pk for o in organisations]) if organisations else {}
    return [(o, figures.get(o.pk, Figures())) for o in organisations]


# Downloads ----------------------------------------------------------------------------------


def organisation_record(organisation, figures=None):
    """One organisation's figures keyed by its org-id, ready for JSON."""
    figures = figures or organisation_figures(organisation)
    values = asdict(figures)
    return {
        "org_id": organisation.org_id,
        "name": organisation.name,
        "matches_completed": values["matches_completed"],
        "volunteer_hours": float(values["volunteer_hours"]),
        "money_value_gbp": f"{values['money_value']:.2f}",
        "items_reused": values["items"],
        "kg_reused": float(values["kg_reused"]),
        "generated_on": timezone.localdate().isoformat(),
    }


def organisation_csv(organisation, figures=None):
    record = organisation_record(organisation, figures)
    return csv_text(list(record), [list(record.values())])


def find_organisation(org_id):
    return Organisation.objects.filter(org_id=org_id.upper()).order_by("pk").first()
