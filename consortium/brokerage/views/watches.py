"""Watches: be told when an offer or need in a category and area appears."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from consortium import permissions
from consortium.brokerage.models import Watch

from .common import require, signed_in_view
from .forms import WatchForm


@signed_in_view
def watches(request):
    """Members and individual volunteers list, add and remove their watches."""
    require(request, permissions.can_watch(request.user))
    form = WatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        watch = form.save(commit=False)
        watch.user = request.user
        watch.save()
        messages.success(request, f"You will be told about new {watch}")
        return redirect("listings:watches")
    return render(
        request,
        "consortium/brokerage/watches.html",
        {"form": form, "watches": list(request.user.watches.all())},
        status=400 if form.errors else 200,
    )


@signed_in_view
def remove_watch(request, pk):
    """Stop watching (asks first); only one's own watches."""
    require(request, permissions.can_watch(request.user))
    watch = get_object_or_404(Watch, pk=pk, user=request.user)
    if request.method == "POST":
        watch.delete()
        messages.success(request, "You will no longer be told about these")
        return redirect("listings:watches")
    return render(request, "consortium/brokerage/remove_watch.html", {"watch": watch})
