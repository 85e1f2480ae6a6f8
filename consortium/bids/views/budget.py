"""Budget lines and totals.

Every view asks ``consortium.permissions``; every saved change goes through
``consortium.bids.save_with_merge`` (shared rows) and ``bids.content_changed`` (which raises
the bid's version and voids its sign-offs).
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.bids import budget as budgets
from consortium.bids import versions as bids
from consortium.bids.models import (
    BudgetCategory,
    BudgetLine,
)
from consortium.bids.views.common import (
    LINE_LABELS,
    MERGED,
    MoneyField,
    active_members,
    bid_view,
    conflict_message,
    load_bid,
    opened_version,
    require,
)
from portal.forms import GovukFormMixin

# --- loading a bid, asking permission -------------------------------------------------------


# --- forms ----------------------------------------------------------------------------------


class BudgetLineForm(GovukFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label="Partner organisation", coerce=int, error_messages={"required": "Choose a partner"}
    )
    category = forms.ChoiceField(
        choices=BudgetCategory.choices,
        error_messages={
            "required": "Choose a category",
            "invalid_choice": "Choose one of the categories in the list",
        },
    )
    description = forms.CharField(
        max_length=300,
        help_text="What the money pays for, like “Project worker, 2 days a week”",
        error_messages={
            "required": "Enter a description of what the money pays for",
        },
    )
    year = forms.IntegerField(
        label="Year of the project",
        min_value=1,
        max_value=10,
        initial=1,
        help_text="1 for the first year, 2 for the second, up to 10",
        error_messages={
            "required": "Enter the year of the project, from 1 to 10",
            "invalid": "Enter the year of the project as a whole number, from 1 to 10",
            "min_value": "Enter the year of the project, from 1 to 10",
            "max_value": "Enter the year of the project, from 1 to 10",
        },
    )
    amount = MoneyField(label="Amount requested (£)", what="the amount")
    match_funding = MoneyField(
        label="Match funding (£)",
        what="the match funding",
        required=False,
        help_text="Money or value from elsewhere towards this line; leave empty if none",
    )
    is_private = forms.BooleanField(
        label="Private to this partner and the lead",
        required=False,
        help_text="For pricing and staffing lines other partners should not see",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["organisation"].widget.attrs["class"] = "govuk-select"
        self.fields["year"].widget.attrs.update({"class": "govuk-input--width-2"})
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Choose an organisation in the list: you can add lines for your own organisation"
        )

    def clean_match_funding(self):
        return self.cleaned_data.get("match_funding") or Decimal("0")

    def changes(self):
        data = self.cleaned_data
        return {
            "organisation_id": data["organisation"],
            "category": data["category"],
            "description": data["description"],
            "year": data["year"],
            "amount": data["amount"],
            "match_funding": data["match_funding"],
            "is_private": data["is_private"],
        }


# --- the budget -----------------------------------------------------------------------------


def line_organisations(user, bid):
    """The organisations ``user`` may add budget lines for (lead and staff: every partner)."""
    return [
        m.organisation
        for m in active_members(bid)
        if permissions.can_add_budget_line(user, bid, m.organisation_id)
    ]


@bid_view
def budget(request, slug):
    bid = load_bid(request, slug)
    user = request.user
    groups = budgets.grouped_lines(user, bid)
    totals = budgets.totals(bid, user)
    rows = []
    for organisation, lines in groups:
        for line in lines:
            line.bid = bid
            line.can_edit = permissions.can_edit_budget_line(user, line)
        rows.append(
            {
                "organisation": organisation,
                "lines": lines,
                "total": totals.for_partner(organisation.pk),
            }
        )
    can_add = bool(line_organisations(user, bid))
    return render(
        request,
        "consortium/bids/budget.html",
        {"bid": bid, "groups": rows, "totals": totals, "can_add": can_add},
    )


def _save_line(request, bid, form, line=None):
    """Create or update a line from a valid form; returns (line, merged) or raises Conflict."""
    user = request.user
    changes = form.changes()
    if line is None:
        line = BudgetLine(bid=bid, updated_by=user, **changes)
        line._history_user = user
        line.save()
        merged = False
    else:
        line, merged = bids.save_with_merge(
            BudgetLine, line.pk, opened_version(request), changes, user, text_fields=()
        )
    bids.content_changed(bid, user, "The budget")
    return line, merged


def _line_page(request, bid, form, line=None, status=200):
    return render(
        request,
        "consortium/bids/budget_line_form.html",
        {"bid": bid, "form": form, "line": line},
        status=status,
    )


@bid_view
@require_http_methods(["GET", "POST"])
def budget_add(request, slug):
    bid = load_bid(request, slug)
    organisations = line_organisations(request.user, bid)
    require(organisations)
    form = BudgetLineForm(request.POST or None, organisations=organisations)
    if request.method == "GET" and len(organisations) == 1:
        form.initial["organisation"] = organisations[0].pk
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            line, _ = _save_line(request, bid, form)
        messages.success(request, f"Budget line “{line.description}” added.")
        return redirect("bids:budget", slug=bid.slug)
    return _line_page(request, bid, form)


def _line(bid, pk, user):
    line = get_object_or_404(BudgetLine.objects.select_related("organisation"), pk=pk, bid=bid)
    line.bid = bid
    if not permissions.can_see_budget_line(user, line):
        raise Http404("No such budget line")
    require(permissions.can_edit_budget_line(user, line))
    return line


@bid_view
@require_http_methods(["GET", "POST"])
def budget_edit(request, slug, pk):
    bid = load_bid(request, slug)
    user = request.user
    line = _line(bid, pk, user)
    organisations = line_organisations(user, bid)
    if request.method == "GET":
        form = BudgetLineForm(
            initial={
                "organisation": line.organisation_id,
                "category": line.category,
                "description": line.description,
                "year": line.year,
                "amount": line.amount,
                "match_funding": line.match_funding,
                "is_private": line.is_private,
                "version": line.version,
            },
            organisations=organisations,
        )
        return _line_page(request, bid, form, line)
    form = BudgetLineForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _line_page(request, bid, form, line)
    try:
        with transaction.atomic():
            line, merged = _save_line(request, bid, form, line)
    except bids.Conflict as conflict:
        # Keep everything typed; carry the current version so saving again keeps theirs.
        data = request.POST.copy()
        data["version"] = conflict.current.version
        form = BudgetLineForm(data, organisations=organisations)
        form.is_valid()
        names = {o.pk: o.name for o in organisations}
        form.add_error(None, conflict_message(conflict, LINE_LABELS, names))
        return _line_page(request, bid, form, conflict.current, status=409)
    except BudgetLine.DoesNotExist:
        messages.error(request, "Someone else deleted that budget line while you were editing.")
        return redirect("bids:budget", slug=bid.slug)
    messages.success(request, MERGED if merged else f"Budget line “{line.description}” saved.")
    return redirect("bids:budget", slug=bid.slug)


@bid_view
@require_http_methods(["GET", "POST"])
def budget_delete(request, slug, pk):
    bid = load_bid(request, slug)
    line = _line(bid, pk, request.user)
    if request.method == "POST":
        with transaction.atomic():
            line._history_user = request.user
            line._change_reason = "Deleted"
            description = line.description
            line.delete()
            bids.content_changed(bid, request.user, "The budget")
        messages.success(request, f"Budget line “{description}” deleted.")
        return redirect("bids:budget", slug=bid.slug)
    return render(request, "consortium/bids/budget_delete.html", {"bid": bid, "line": line})


# --- partners' statements and due diligence ---------------------------------------------------


urlpatterns = [
    path("<slug:slug>/budget/", budget, name="budget"),
    path("<slug:slug>/budget/add/", budget_add, name="budget_add"),
    path("<slug:slug>/budget/<int:pk>/edit/", budget_edit, name="budget_edit"),
    path("<slug:slug>/budget/<int:pk>/delete/", budget_delete, name="budget_delete"),
]
