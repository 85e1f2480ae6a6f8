"""The hours log of a match: both sides see it; each side adds (or corrects) its entries."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from consortium import permissions
from consortium.brokerage import hours as rules
from consortium.brokerage.models import Match

from .availability_forms import HoursForm
from .common import require_signed_in, signed_in_view


@signed_in_view
def hours_log(request, pk):
    require_signed_in(request)
    match = get_object_or_404(
        Match.objects.select_related("listing__organisation", "reply__organisation", "reply__user"),
        pk=pk,
    )
    if not permissions.can_view_hours(request.user, match):
        raise Http404("No such match.")
    side = permissions.hours_side(request.user, match)
    can_log = permissions.can_log_hours(request.user, match)
    entries = list(match.hours_entries.select_related("logged_by", "replaced_by"))
    replaced = {entry.replaces_id for entry in entries if entry.replaces_id}
    correctable = [e for e in entries if e.side == side and e.pk not in replaced]
    form = HoursForm(request.POST or None, correctable=correctable) if can_log else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                rules.log_hours(
                    match,
                    side,
                    request.user,
                    data["worked_on"],
                    data["hours"],
                    data.get("note", ""),
                    replaces=form.replaced_entry(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your hours are logged")
                return redirect("listings:hours_log", pk=match.pk)
    totals = {row_side: total for row_side, total in rules.side_totals(match).items()}
    for entry in entries:
        entry.counts = entry.pk not in replaced
    return render(
        request,
        "consortium/brokerage/hours_log.html",
        {
            "match": match,
            "listing": match.listing,
            "side": side,
            "entries": entries,
            "owner_total": totals.get("owner"),
            "responder_total": totals.get("responder"),
            "counted": rules.counted_hours(totals),
            "logs_hours": rules.logs_hours(match),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


urlpatterns = [path("matches/<int:pk>/hours/", hours_log, name="hours_log")]
