"""Budget lines and totals, partners' statements and the due-diligence checklist.

Every view asks ``consortium.permissions``; every saved change goes through
``consortium.bids.save_with_merge`` (shared rows) and ``bids.content_changed`` (which raises
the bid's version and voids its sign-offs).
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from consortium import bids, due_diligence, permissions
from consortium import budget as budgets
from consortium.models import (
    BudgetCategory,
    BudgetLine,
    ConsortiumMember,
    DocumentKind,
    JointBid,
    PartnerStatement,
)
from consortium.models.bids import MAX_AMOUNT
from consortium.templatetags.shoal_numbers import money
from portal.forms import GovukFormMixin

# --- loading a bid, asking permission -------------------------------------------------------


class SignInFirst(Exception):
    pass


def bid_view(view):
    """Views of a bid: anonymous visitors are sent to sign in first."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SignInFirst:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def load_bid(request, slug):
    """The bid, if the person may see it: sign in first; others get "not found"."""
    if not permissions.is_signed_in(request.user):
        raise SignInFirst
    bid = get_object_or_404(JointBid.objects.select_related("consortium"), slug=slug)
    if not permissions.can_view_bid(request.user, bid):
        raise Http404("No such bid")
    return bid


def require(allowed):
    if not allowed:
        raise PermissionDenied


def active_members(bid):
    """The consortium's accepted members, lead first, with their organisations (one query)."""
    members = ConsortiumMember.objects.active().filter(consortium=bid.consortium)
    members = list(members.select_related("organisation"))
    members.sort(key=lambda m: (permissions.ROLE_RANK.get(m.role, 9), m.organisation.name))
    return members


# --- forms ----------------------------------------------------------------------------------


class MoneyField(forms.DecimalField):
    """Pounds and pence: "1250", "1,250.50" or "£1,250.50"; never negative or absurd.

    A text input (GOV.UK's advice for money), so that "£" and commas can be typed."""

    widget = forms.TextInput

    def __init__(self, *, what="the amount", **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "required": f"Enter {what}",
                "invalid": f"Enter {what} as a number of pounds, like 1250 or 1250.50",
                "min_value": f"Enter {what} as £0 or more",
                "max_value": f"Enter {what} as {money(MAX_AMOUNT)} or less",
                "max_decimal_places": f"Enter {what} in pounds and pence, with no more than "
                "2 decimal places",
            },
        )
        super().__init__(
            max_digits=None, decimal_places=2, min_value=0, max_value=MAX_AMOUNT, **kwargs
        )
        self.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace(" ", "").removeprefix("£")
        value = super().to_python(value)
        if value is not None and value.is_finite() and value == 0:
            value = Decimal("0")  # never "-0"
        return value


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
            "max_length": "Enter a description of 300 characters or fewer",
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


def opened_version(request):
    """The version the form was opened on; 0 (matching no version) when missing or bad."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


LINE_LABELS = {
    "organisation_id": "Partner organisation",
    "category": "Category",
    "description": "Description",
    "year": "Year",
    "amount": "Amount",
    "match_funding": "Match funding",
    "is_private": "Private",
}


def describe(name, value, names):
    if value is None or value == "":
        return "(empty)"
    if name in ("amount", "match_funding"):
        return money(value)
    if name == "organisation_id":
        return names.get(value, str(value))
    if name == "category":
        return BudgetCategory(value).label
    if name == "is_private":
        return "yes" if value else "no"
    return str(value)


def conflict_message(conflict, labels, names=None):
    """Both values of each clashing field, in words, so nothing typed is lost from view."""
    names = names or {}
    who = getattr(conflict.current, "updated_by", None)
    by = f" ({who.get_full_name() or who.username})" if who else ""
    parts = []
    for name in conflict.fields:
        mine = describe(name, conflict.mine.get(name), names)
        theirs = describe(name, getattr(conflict.current, name), names)
        parts.append(f"{labels.get(name, name)}: yours “{mine}”, theirs “{theirs}”")
    return (
        f"Someone else{by} saved a change to the same thing while you were editing. "
        + "; ".join(parts)
        + ". Your version is kept below: check it and save again to keep yours."
    )


MERGED = (
    "Someone else saved a change while you were editing. Their changes and yours were to "
    "different things, so both are kept."
)


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


REGISTRATION_FIELDS = ["charity_number", "oscr_number", "ccni_number", "company_number"]


def registration_numbers(organisation):
    """[(what, number)] for the numbers the organisation has."""
    meta = organisation._meta
    return [
        (meta.get_field(name).verbose_name, getattr(organisation, name))
        for name in REGISTRATION_FIELDS
        if getattr(organisation, name)
    ]


@bid_view
def partners(request, slug):
    bid = load_bid(request, slug)
    user = request.user
    members = active_members(bid)
    statements = {s.organisation_id: s for s in PartnerStatement.objects.filter(bid=bid)}
    organisations = [m.organisation for m in members]
    checks = due_diligence.checklist(bid, organisations)
    rows = []
    for member in members:
        organisation = member.organisation
        rows.append(
            {
                "member": member,
                "organisation": organisation,
                "numbers": registration_numbers(organisation),
                "statement": statements.get(organisation.pk),
                "can_edit": permissions.can_edit_statement(
                    user, PartnerStatement(bid=bid, organisation=organisation)
                ),
                "checks": checks[organisation.pk],
                "documents_link": permissions.can_view_documents(user, organisation),
            }
        )
    return render(
        request,
        "consortium/bids/partners.html",
        {
            "bid": bid,
            "rows": rows,
            "kinds": [DocumentKind(k).label for k in due_diligence.required_kinds(bid)],
            "gaps": due_diligence.gaps(checks),
            "can_choose_documents": permissions.can_edit_bid(user, bid),
        },
    )


class StatementForm(GovukFormMixin, forms.Form):
    role_in_bid = forms.CharField(
        label="Our role in this bid",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What your organisation will do, in a few sentences",
        error_messages={"max_length": "Enter a role of 3,000 characters or fewer"},
    )
    delivery_areas = forms.CharField(
        max_length=300,
        required=False,
        help_text="The places you will work, like “Fernlea and the North”",
        error_messages={"max_length": "Enter delivery areas of 300 characters or fewer"},
    )
    capacity = forms.CharField(
        label="Our capacity",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Staff, volunteers, premises",
        error_messages={"max_length": "Enter a capacity of 3,000 characters or fewer"},
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


STATEMENT_LABELS = {
    "role_in_bid": "Our role in this bid",
    "delivery_areas": "Delivery areas",
    "capacity": "Our capacity",
}


def prefilled_statement(organisation):
    """A new statement's starting text, from the organisation's profile."""
    area = organisation.get_area_display()
    places = f"{organisation.locality} ({area})" if organisation.locality else area
    return {"role_in_bid": organisation.short_description, "delivery_areas": places}


@bid_view
@require_http_methods(["GET", "POST"])
def statement_edit(request, slug, organisation_id):
    bid = load_bid(request, slug)
    user = request.user
    member = next((m for m in active_members(bid) if m.organisation_id == organisation_id), None)
    if member is None:
        raise Http404("That organisation is not in the consortium")
    organisation = member.organisation
    statement = PartnerStatement.objects.filter(bid=bid, organisation=organisation).first()
    require(
        permissions.can_edit_statement(
            user, statement or PartnerStatement(bid=bid, organisation=organisation)
        )
    )
    context = {"bid": bid, "organisation": organisation, "statement": statement}
    if request.method == "GET":
        if statement:
            initial = {name: getattr(statement, name) for name in STATEMENT_LABELS}
            initial["version"] = statement.version
        else:
            initial = {**prefilled_statement(organisation), "version": 1}
        context["form"] = StatementForm(initial=initial)
        return render(request, "consortium/bids/partners_statement_form.html", context)
    form = StatementForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "consortium/bids/partners_statement_form.html", context)
    changes = {name: form.cleaned_data[name] for name in STATEMENT_LABELS}
    try:
        with transaction.atomic():
            # Every statement starts empty at version 1: the common base for two people
            # who both open a partner's first statement.
            statement, created = PartnerStatement.objects.get_or_create(
                bid=bid, organisation=organisation, defaults={"updated_by": user}
            )
            statement, merged = bids.save_with_merge(
                PartnerStatement,
                statement.pk,
                opened_version(request),
                changes,
                user,
                text_fields=("role_in_bid", "capacity"),
            )
            bids.content_changed(bid, user, f"{organisation.name}’s statement")
    except bids.Conflict as conflict:
        data = request.POST.copy()
        data["version"] = conflict.current.version
        form = StatementForm(data)
        form.is_valid()
        form.add_error(None, conflict_message(conflict, STATEMENT_LABELS))
        context.update(form=form, statement=conflict.current)
        return render(request, "consortium/bids/partners_statement_form.html", context, status=409)
    messages.success(request, MERGED if merged else f"{organisation.name}’s statement saved.")
    return redirect("bids:partners", slug=bid.slug)


class RequiredDocumentsForm(GovukFormMixin, forms.Form):
    documents = forms.MultipleChoiceField(
        label="Documents the funder asks every partner for",
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Partners' documents come from their vaults.",
        error_messages={"invalid_choice": "Choose documents from the list"},
    )
    opened = forms.CharField(widget=forms.HiddenInput, required=False)


def _as_text(kinds):
    return ",".join(sorted(kinds or []))


@bid_view
@require_http_methods(["GET", "POST"])
def required_documents(request, slug):
    bid = load_bid(request, slug)
    require(permissions.can_edit_bid(request.user, bid))
    current = list(bid.required_documents or [])
    if request.method == "GET":
        form = RequiredDocumentsForm(initial={"documents": current, "opened": _as_text(current)})
    else:
        form = RequiredDocumentsForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["documents"]
            opened = form.cleaned_data["opened"]
            if opened != _as_text(current) and _as_text(chosen) != _as_text(current):
                # Someone else changed the list since this form was opened: keep the
                # person's ticks, show the list as it is now, and let them save again.
                data = request.POST.copy()
                data["opened"] = _as_text(current)
                form = RequiredDocumentsForm(data)
                form.is_valid()
                now = ", ".join(DocumentKind(k).label for k in current) or "none"
                form.add_error(
                    None,
                    f"Someone else changed this list while you were editing. It is now: {now}. "
                    "Your choices are kept below: save again to use them.",
                )
                return render(
                    request,
                    "consortium/bids/partners_required_documents.html",
                    {"bid": bid, "form": form},
                    status=409,
                )
            bid.required_documents = [k for k in DocumentKind.values if k in chosen]
            bid._history_user = request.user
            bid._change_reason = "Required documents changed"
            bid.save(update_fields=["required_documents", "updated_at"])
            messages.success(request, "The list of required documents is saved.")
            return redirect("bids:partners", slug=bid.slug)
    return render(
        request,
        "consortium/bids/partners_required_documents.html",
        {"bid": bid, "form": form},
    )


urlpatterns = [
    path("<slug:slug>/budget/", budget, name="budget"),
    path("<slug:slug>/budget/add/", budget_add, name="budget_add"),
    path("<slug:slug>/budget/<int:pk>/edit/", budget_edit, name="budget_edit"),
    path("<slug:slug>/budget/<int:pk>/delete/", budget_delete, name="budget_delete"),
    path("<slug:slug>/partners/", partners, name="partners"),
    path(
        "<slug:slug>/partners/<int:organisation_id>/statement/",
        statement_edit,
        name="statement_edit",
    ),
    path(
        "<slug:slug>/partners/required-documents/",
        required_documents,
        name="required_documents",
    ),
]
