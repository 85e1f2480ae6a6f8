"""What the bid's pages share: loading a bid the person may see, asking permission, money
fields, and the messages that explain a merge or a clash."""

import re
from decimal import Decimal

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from consortium import permissions
from consortium.bids.models import (
    MAX_AMOUNT,
    BudgetCategory,
    ConsortiumMember,
    JointBid,
)
from consortium.numbers import money


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
    permissions.or_404(permissions.can_view_bid(request.user, bid), "No such bid")
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


# Whole pounds in groups of three, split by commas or by spaces (one kind), then any pence:
# "1,250", "12 500.50". "1,2,3" or "12,50" is a typing slip, not £123 or £1,250.
GROUPED_POUNDS = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d*)?|-?\d{1,3}(?: \d{3})+(?:\.\d*)?")


class MoneyField(forms.DecimalField):
    """Pounds and pence: "1250", "1,250.50" or "£1,250.50"; never negative or absurd.

    A text input (GOV.UK's advice for money), so that "£" and commas can be typed."""

    widget = forms.TextInput

    def __init__(self, *, what="the amount", **kwargs):
        self.separators_message = (
            f"Enter {what} with commas only between thousands, like 1,250 or 1,250.50"
        )
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
            value = value.strip().removeprefix("£").strip()
            separated = re.fullmatch(r"-?\d[\d, ]*(?:\.\d*)?", value) and re.search("[, ]", value)
            if separated and not GROUPED_POUNDS.fullmatch(value):
                raise forms.ValidationError(self.separators_message, code="invalid")
            value = value.replace(",", "").replace(" ", "")
        value = super().to_python(value)
        if value is not None and value.is_finite() and value == 0:
            value = Decimal("0")  # never "-0"
        return value


def opened_version(request):
    """The version the form was opened on; 0 (matching no version) when missing or bad."""
    posted = request.POST.get("version", "")
    if len(posted) > 10:  # no real version is that long, and the database holds no such number
        return 0
    try:
        version = int(posted)
    except ValueError:
        return 0
    return version if 1 <= version <= 2**31 else 0


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
