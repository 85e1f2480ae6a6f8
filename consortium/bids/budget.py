"""A bid's budget totals, always computed from its lines, never typed.

Every table of totals (per partner, per category, per year, overall) is added up from one
aggregate query over the lines the person may see, so partners never learn a private line's
amount from a total. The lead and staff see every line; others see "includes private lines" instead.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from consortium import compiled, permissions
from consortium.bids.models import BudgetCategory, BudgetLine

ZERO = Decimal("0.00")


@dataclass
class Row:
    label: str
    amount: Decimal = ZERO
    match_funding: Decimal = ZERO
    lines: int = 0
    key: object = None

    @property
    def total(self):
        """The amount and the match funding together: the whole cost of the row."""
        return self.amount + self.match_funding


@dataclass
class Totals:
    per_partner: list = field(default_factory=list)
    per_category: list = field(default_factory=list)
    per_year: list = field(default_factory=list)
    overall: Row = field(default_factory=lambda: Row("Total"))
    hidden_lines: bool = False  # private lines exist that this person may not see

    @property
    def tables(self):
        """The three tables of totals, for templates."""
        return [
            {"caption": "Totals by partner", "first": "Partner", "rows": self.per_partner},
            {"caption": "Totals by category", "first": "Category", "rows": self.per_category},
            {"caption": "Totals by year", "first": "Year", "rows": self.per_year},
        ]

    def for_partner(self, organisation_id):
        return next((r for r in self.per_partner if r.key == organisation_id), Row("Total"))


def visible_lines(user, bid):
    """The bid's lines this person may see (a queryset: filter or aggregate it further)."""
    return permissions.visible_budget_lines(user, bid, BudgetLine.objects.filter(bid=bid))


def _sums(queryset, *group_by):
    return (
        queryset.values(*group_by)
        .annotate(amount=Sum("amount"), match=Sum("match_funding"), lines=Count("pk"))
        .order_by(*group_by)
    )


def _row(label, values, key=None):
    return Row(
        label=label,
        amount=values["amount"] or ZERO,
        match_funding=values["match"] or ZERO,
        lines=values["lines"] or 0,
        key=key,
    )


def totals(bid, user):
    """Every table of totals for ``bid`` as ``user`` may see it.

    One aggregate query grouped by partner, category and year; the three tables and the
    overall total are added up from its rows (exact: the sums are Decimals).
    """
    # Every bid page shows them: the SQL is compiled once per bid and what the person sees.
    groups = compiled.rows(
        ("budget-totals", bid.pk, permissions.visible_budget_lines_key(user, bid)),
        lambda: _sums(
            visible_lines(user, bid), "organisation__name", "organisation_id", "category", "year"
        ),
    )
    result = Totals()

    def table(key_of, label_of, order_of):
        sums = {}
        for values in groups:
            key = key_of(values)
            row = sums.setdefault(key, _row(label_of(values), _NONE, key=key))
            row.amount += values["amount"] or ZERO
            row.match_funding += values["match"] or ZERO
            row.lines += values["lines"] or 0
        return sorted(sums.values(), key=order_of)

    result.per_partner = table(
        lambda v: v["organisation_id"],
        lambda v: v["organisation__name"],
        lambda row: (row.label, row.key),
    )
    order = {value: n for n, value in enumerate(BudgetCategory.values)}
    result.per_category = table(
        lambda v: v["category"],
        lambda v: BudgetCategory(v["category"]).label,
        lambda row: order.get(row.key, 99),
    )
    result.per_year = table(lambda v: v["year"], lambda v: f"Year {v['year']}", lambda r: r.key)
    result.overall = Row(
        "Total",
        amount=sum((row.amount for row in result.per_partner), ZERO),
        match_funding=sum((row.match_funding for row in result.per_partner), ZERO),
        lines=sum(row.lines for row in result.per_partner),
    )
    result.hidden_lines = has_hidden_lines(user, bid)
    return result


_NONE = {"amount": None, "match": None, "lines": None}


def has_hidden_lines(user, bid, visible=None):
    """Whether the bid has private lines ``user`` may not see (one query, or none)."""
    if permissions.is_staff(user) or permissions.is_bid_lead(user, bid):
        return False
    visible = visible if visible is not None else visible_lines(user, bid)
    return BudgetLine.objects.filter(bid=bid).exclude(pk__in=visible.values("pk")).exists()


def grouped_lines(user, bid):
    """The visible lines grouped by partner: [(organisation, [lines])], one query."""
    groups = {}
    for line in visible_lines(user, bid).select_related("organisation"):
        groups.setdefault(line.organisation_id, (line.organisation, []))[1].append(line)
    return list(groups.values())
