"""Schemes run by members, under /joint-buying/: propose one, change it before it opens,
post supplier quotes with price bands, see pledges, and choose what happens when the window
closes short of the minimum. Every view asks ``consortium.permissions`` first."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from consortium import permissions
from consortium.buying import outcomes, proposals
from consortium.buying import rules as buying
from consortium.buying.forms import QuoteForm, SchemeForm, ShortfallForm
from consortium.buying.models import PriceBand, Scheme, SupplierQuote
from consortium.organisations.models import Organisation


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _scheme(request, slug):
    quotes = SupplierQuote.objects.order_by("supplier", "pk").prefetch_related(
        Prefetch("bands", queryset=PriceBand.objects.order_by("from_quantity"))
    )
    scheme = get_object_or_404(
        Scheme.objects.select_related("coordinator").prefetch_related(
            Prefetch("quotes", queryset=quotes)
        ),
        slug=slug,
    )
    if not permissions.can_view_scheme(request.user, scheme):
        raise Http404("No such scheme")
    return scheme


@signed_in
@require_http_methods(["GET", "POST"])
def propose(request):
    """A member proposes a scheme their organisation will coordinate."""
    _require(permissions.can_propose_scheme(request.user))
    organisation = Organisation.objects.get(pk=permissions.acting_organisation_id(request.user))
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scheme = proposals.propose(organisation, request.user, form.cleaned_data)
        messages.success(
            request,
            f"“{scheme.title}” is sent to brokerage staff for approval. You will get an email "
            "when they have looked at it.",
        )
        return redirect("buying:manage", slug=scheme.slug)
    return render(
        request,
        "consortium/buying/scheme_form.html",
        {"form": form, "organisation": organisation, "scheme": None},
        status=400 if form.errors else 200,
    )


@signed_in
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    """The coordinator changes a scheme before it opens; it goes back for approval."""
    scheme = _scheme(request, slug)
    _require(permissions.can_edit_scheme(request.user, scheme))
    form = SchemeForm(request.POST or None, instance=scheme)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposals.edit(
                    scheme, request.user, form.cleaned_data, form.cleaned_data["version"]
                )
            except proposals.StaleScheme as stale:
                # Keep what they typed; the next save knowingly replaces the newer version.
                scheme.refresh_from_db()
                form.data = form.data.copy()
                form.data["version"] = proposals.version_of(scheme)
                form.add_error(None, str(stale))
                status = 409
            else:
                messages.success(request, "Your changes are saved and sent to staff for approval.")
                return redirect("buying:manage", slug=scheme.slug)
        else:
            status = 400
    return render(
        request,
        "consortium/buying/scheme_form.html",
        {"form": form, "organisation": scheme.coordinator, "scheme": scheme},
        status=status,
    )


@signed_in
@require_http_methods(["GET", "POST"])
def manage(request, slug):
    """The coordinator's page: status, supplier quotes (and adding one), and the pledges."""
    scheme = _scheme(request, slug)
    _require(permissions.runs_scheme(request.user, scheme))
    can_quote = permissions.can_post_quotes(request.user, scheme)
    form = QuoteForm(request.POST or None, scheme=scheme) if can_quote else None
    if request.method == "POST":
        _require(can_quote)
        if form.is_valid():
            data = form.cleaned_data
            proposals.add_quote(scheme, data["supplier"], data["bands"], notes=data["notes"])
            messages.success(request, f"The quote from {data['supplier']} is added.")
            return redirect("buying:manage", slug=scheme.slug)
    pledges = list(
        scheme.pledges.filter(withdrawn_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    total = sum((p.quantity for p in pledges), 0)
    return render(
        request,
        "consortium/buying/manage.html",
        {
            "scheme": scheme,
            "quotes": list(scheme.quotes.all()),
            "form": form,
            "pledges": pledges,
            "pledged": total,
            "percent": buying.percent(total, scheme.target_total),
            "best": outcomes.best_band(scheme, total),
            "outcome": scheme.outcome_or_none(),
            "can_edit": permissions.can_edit_scheme(request.user, scheme),
            "can_decide": permissions.can_decide_shortfall(request.user, scheme),
        },
        status=400 if form is not None and form.errors else 200,
    )


@signed_in
@require_POST
def remove_quote(request, slug, pk):
    scheme = _scheme(request, slug)
    _require(permissions.can_post_quotes(request.user, scheme))
    quote = get_object_or_404(SupplierQuote, pk=pk, scheme=scheme)
    proposals.remove_quote(quote)
    messages.success(request, f"The quote from {quote.supplier} is removed.")
    return redirect("buying:manage", slug=scheme.slug)


@signed_in
@require_http_methods(["GET", "POST"])
def decide(request, slug):
    """The window closed short of the minimum: extend it, go ahead at a price the total
    reaches, or cancel. Pledgers are told of the choice."""
    scheme = _scheme(request, slug)
    _require(permissions.can_decide_shortfall(request.user, scheme))
    total = outcomes.total_of(scheme)
    bands = outcomes.reachable_bands(scheme, total)
    form = ShortfallForm(request.POST or None, bands=bands, unit=scheme.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["choice"] == form.EXTEND:
                outcomes.extend(scheme, data["closes_on"], request.user)
                done = f"The window is extended to {data['closes_on']:%-d %B %Y}."
            elif data["choice"] == form.GO_AHEAD:
                outcome = outcomes.go_ahead(scheme, data["band"], request.user)
                done = f"The scheme goes ahead with {outcome.supplier}."
            else:
                outcomes.cancel(scheme, request.user)
                done = "The scheme is cancelled."
        except outcomes.ChoiceRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{done} Every organisation that pledged is told.")
            return redirect("buying:manage", slug=scheme.slug)
    return render(
        request,
        "consortium/buying/decide.html",
        {"scheme": scheme, "form": form, "pledged": total, "bands": bands},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("propose/", propose, name="propose"),
    path("<slug:slug>/edit/", edit, name="edit"),
    path("<slug:slug>/manage/", manage, name="manage"),
    path("<slug:slug>/quotes/<int:pk>/remove/", remove_quote, name="remove_quote"),
    path("<slug:slug>/decide/", decide, name="decide"),
]
