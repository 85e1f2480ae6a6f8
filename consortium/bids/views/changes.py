"""What changed in a bid between two versions: ``/bids/<slug>/changes/?from=N`` (to the
current version), ``?from=N&to=M``, or with neither, the last change. The sign-off page
links here when the bid moved on while a partner was reading it."""

from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from consortium.bids import changes as bid_changes
from consortium.bids.exports.snapshot import UnknownVersion

from .common import bid_view, load_bid


def changes_url(bid, old, new=None):
    url = reverse("bids:changes", args=[bid.slug]) + f"?from={old}"
    return url + (f"&to={new}" if new else "")


def _version(value, bid):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= bid.version else None


@bid_view
@require_GET
def changes(request, slug):
    bid = load_bid(request, slug)
    if "from" in request.GET:
        old = _version(request.GET.get("from"), bid)
    else:  # the last change
        old = bid.version - 1 if bid.version > 1 else 0
    new = _version(request.GET.get("to"), bid) if request.GET.get("to") else bid.version
    error, found = "", None
    if old == 0:
        pass  # only one version so far: nothing to compare
    elif old is None or new is None:
        error = f"Choose versions from 1 to {bid.version} to compare"
    elif old >= new:
        error = "Choose an earlier version to compare from than to"
    else:
        try:
            found = bid_changes.compare(bid, request.user, old, new)
        except UnknownVersion as unknown:
            error = f"{unknown} Its history does not reach that far."
    return render(
        request,
        "consortium/bids/changes.html",
        {"bid": bid, "changes": found, "error": error, "old": old, "new": new},
        status=400 if error else 200,
    )


urlpatterns = [path("<slug:slug>/changes/", changes, name="changes")]
