"""Joint buying at /joint-buying/: schemes, pledges, and the coordinator's exports."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.buying import rules as buying
from consortium.buying import running
from consortium.buying.models import MAX_PLEDGE, Pledge, PriceBand, Scheme, SupplierQuote
from consortium.organisations.models import Organisation
from portal.forms import GovukFormMixin
from portal.spreadsheets import csv_response

app_name = "buying"

MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")


def no_markup(value):
    if MARKUP.search(value or ""):
        raise ValidationError(
            "Enter the address as plain text, without HTML tags such as <script>",
            code="markup",
        )


class PledgeForm(GovukFormMixin, forms.Form):
    length_subjects = {"delivery_address": "The delivery address"}

    quantity = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        max_value=MAX_PLEDGE,
        error_messages={
            "required": "Enter how much your organisation wants",
            "invalid": "Enter the quantity as a number, like 500 or 12.5",
            "max_digits": "Enter a smaller quantity",
            "max_decimal_places": "Enter the quantity with no more than 2 decimal places",
            "max_whole_digits": "Enter a smaller quantity",
        },
    )
    delivery_address = forms.CharField(
        label="Delivery address (optional)",
        help_text="Where the supplier should deliver, if not your organisation's address",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_markup],
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["quantity"].label = f"How many {scheme.unit} does your organisation want?"
        minimum = scheme.minimum_order.normalize()
        self.fields["quantity"].help_text = (
            f"The minimum order is {minimum:f} {scheme.unit}" if minimum else ""
        )
        self.fields["quantity"].error_messages["max_value"] = (
            f"Enter {MAX_PLEDGE:,} {scheme.unit} or fewer; contact the coordinator for more"
        )
        self.fields["quantity"].widget.attrs.update(
            {"inputmode": "decimal", "class": "govuk-input--width-10"}
        )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        buying.validate_quantity(self.scheme, quantity)
        return quantity


def _visible(request):
    return permissions.visible_schemes(request.user, Scheme.objects.all())


def index(request):
    order = Case(
        *[When(status=s, then=Value(i)) for i, s in enumerate(buying.STATUS_ORDER)],
        output_field=IntegerField(),
    )
    schemes = (
        buying.with_totals(_visible(request))
        .select_related("coordinator")
        .annotate(status_order=order)
        .order_by("status_order", "closes_on", "title")
    )
    rows = [(s, s.pledged or 0, buying.percent(s.pledged, s.target_total)) for s in schemes]
    return render(
        request,
        "consortium/buying/index.html",
        {
            "can_propose": permissions.can_propose_scheme(request.user),
            "open_rows": [r for r in rows if r[0].status == "open"],
            "other_rows": [r for r in rows if r[0].status != "open"],
        },
    )


def _scheme(request, slug):
    scheme = get_object_or_404(
        Scheme.objects.select_related("coordinator").prefetch_related(
            Prefetch(
                "quotes",
                queryset=SupplierQuote.objects.order_by("unit_price", "pk").prefetch_related(
                    Prefetch("bands", queryset=PriceBand.objects.order_by("from_quantity"))
                ),
            )
        ),
        slug=slug,
    )
    if not permissions.can_view_scheme(request.user, scheme):
        raise Http404("No such scheme")
    return scheme


@require_http_methods(["GET", "POST"])
def detail(request, slug):
    scheme = _scheme(request, slug)
    user = request.user
    acting_id = permissions.acting_organisation_id(user)
    acting = Organisation.objects.filter(pk=acting_id).first() if acting_id else None
    mine = (
        Pledge.objects.filter(scheme=scheme, organisation_id=acting_id).first()
        if acting_id
        else None
    )
    live_mine = mine if mine and not mine.withdrawn_at else None
    can_pledge = permissions.can_pledge(user, scheme)
    form = None
    status = 200
    if request.method == "POST":
        if not permissions.is_signed_in(user):
            return redirect_to_login(request.get_full_path())
        if acting is None:
            raise PermissionDenied("Only members acting for an organisation can pledge")
        form = PledgeForm(request.POST, scheme=scheme)
        withdrawing = "withdraw" in request.POST
        try:
            buying.check_open(scheme)
            if withdrawing:
                buying.withdraw(scheme, acting, user, version=request.POST.get("version", ""))
                messages.success(request, f"{acting.name}'s pledge is withdrawn.")
                return redirect("buying:detail", slug=scheme.slug)
            if form.is_valid():
                saved = buying.pledge(
                    scheme,
                    acting,
                    form.cleaned_data["quantity"],
                    user,
                    delivery_address=form.cleaned_data["delivery_address"],
                    version=form.cleaned_data["version"],
                )
                messages.success(
                    request,
                    f"{acting.name} has pledged {saved.quantity.normalize():f} {scheme.unit}.",
                )
                return redirect("buying:detail", slug=scheme.slug)
        except buying.PledgeRefused as refusal:
            # Keep what they typed; the form now carries the latest version so that a
            # deliberate resubmission goes through.
            current = Pledge.objects.filter(scheme=scheme, organisation=acting).first()
            data = request.POST.copy()
            data["version"] = buying.version_of(current)
            if withdrawing and current is not None:
                data["quantity"] = buying.plain(current.quantity)
                data["delivery_address"] = current.delivery_address
            form = PledgeForm(data, scheme=scheme)
            form.is_valid()
            form.add_error(None, str(refusal))
            live_mine = current if current and not current.withdrawn_at else None
            can_pledge = permissions.can_pledge(user, scheme)
            status = 409 if isinstance(refusal, buying.StalePledge) else 200
    elif can_pledge:
        initial = {"version": buying.version_of(mine)}
        if live_mine:
            initial.update(
                quantity=buying.plain(live_mine.quantity),
                delivery_address=live_mine.delivery_address,
            )
        form = PledgeForm(initial=initial, scheme=scheme)
    manages = permissions.can_manage_scheme(user, scheme)
    shares = []
    if buying.shares_shown(scheme):
        if manages:
            shares = buying.shares(scheme)
        elif live_mine:
            shares = buying.shares(scheme, [live_mine])
    pledged = buying.total_pledged(scheme)
    return render(
        request,
        "consortium/buying/detail.html",
        {
            "scheme": scheme,
            "quotes": list(scheme.quotes.all()),
            "price": scheme.price_per_unit(),
            "pledged": pledged,
            "percent": buying.percent(pledged, scheme.target_total),
            "acting": acting,
            "mine": live_mine,
            "form": form if (can_pledge or form is not None and form.errors) else None,
            "can_pledge": can_pledge,
            "manages": manages,
            "runs": permissions.runs_scheme(user, scheme),
            "outcome": scheme.outcome_or_none() if scheme.member_run else None,
            "shares": shares,
            "shares_total": sum((s.cost for s in shares if s.cost is not None), 0),
            "is_open": scheme.is_open_for_pledges(),
        },
        status=status,
    )


def _export(request, slug, build, name):
    scheme = _scheme(request, slug)
    if not permissions.is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    if not permissions.can_export_pledges(request.user, scheme):
        raise PermissionDenied("Only the coordinator and staff can download this list")
    return csv_response(build(scheme), f"{scheme.slug}-{name}.csv")


def export_pledges(request, slug):
    return _export(request, slug, buying.pledges_csv, "pledges")


def export_delivery(request, slug):
    return _export(request, slug, buying.delivery_csv, "delivery-list")


urlpatterns = [
    path("", index, name="index"),
    *running.urlpatterns,
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/pledges.csv", export_pledges, name="export_pledges"),
    path("<slug:slug>/delivery-list.csv", export_delivery, name="export_delivery"),
]
