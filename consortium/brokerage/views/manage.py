"""Post, change and close an offer or a need (the owning organisation's members)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from consortium import events, permissions
from consortium.brokerage import rules as brokerage
from consortium.brokerage.models import ListingAttachment, Moderation
from consortium.events import Event
from consortium.organisations.models import Organisation

from .common import listing_or_404, require, signed_in_view
from .forms import ListingForm


def _save_attachments(listing, checked):
    for upload, content_type in checked:
        ListingAttachment.objects.create(
            listing=listing,
            file=upload,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
        )


def _render_form(request, form, listing=None, status=200):
    return render(
        request,
        "consortium/brokerage/form.html",
        {"form": form, "listing": listing},
        status=status,
    )


@signed_in_view
def create(request):
    """Someone acting for an organisation posts an offer or a need."""
    require(request, permissions.can_post_listing(request.user))
    organisation = Organisation.objects.get(pk=permissions.acting_organisation_id(request.user))
    form = ListingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            listing = form.save(commit=False)
            listing.organisation = organisation
            listing.posted_by = request.user
            if brokerage.needs_approval(organisation):
                listing.moderation = Moderation.PENDING
            listing.save()
            _save_attachments(listing, form.cleaned_data["attachments"])
            brokerage.publish(listing)
        if listing.moderation == Moderation.PENDING:
            messages.success(
                request,
                "Your listing is saved. It is waiting for approval: staff check the first "
                "listings of organisations they have not yet verified, usually within 2 "
                "working days.",
            )
        else:
            messages.success(request, "Your listing is published")
        return redirect("listings:detail", pk=listing.pk)
    return _render_form(request, form, status=400 if form.errors else 200)


@signed_in_view
def edit(request, pk):
    """The owning organisation's members change a listing; a stale save is refused."""
    listing = listing_or_404(request, pk)
    require(request, permissions.can_edit_listing(request.user, listing))
    form = ListingForm(request.POST or None, request.FILES or None, instance=listing)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                listing = form.save(commit=False)
                resubmitted = listing.moderation == Moderation.REJECTED
                if resubmitted:
                    listing.moderation = Moderation.PENDING
                listing.save()
                _save_attachments(listing, form.cleaned_data["attachments"])
                if resubmitted:
                    events.announce(Event.LISTING_AWAITING_APPROVAL, listing=listing)
            messages.success(request, "Your changes are saved")
            return redirect("listings:detail", pk=listing.pk)
        stale = any(error.code == "stale" for error in form.non_field_errors().as_data())
        if stale:
            # Keep what they typed; the next save (after they have seen the message)
            # knowingly replaces the newer version.
            form.data = form.data.copy()
            form.data["version"] = listing.updated_at.isoformat()
        return _render_form(request, form, listing, status=409 if stale else 400)
    return _render_form(request, form, listing)


@signed_in_view
def close(request, pk):
    """Close a listing (no more replies); asks first."""
    listing = listing_or_404(request, pk)
    require(request, permissions.can_edit_listing(request.user, listing))
    if request.method == "POST":
        brokerage.close_listing(listing, request.user)
        messages.success(request, "The listing is closed")
        return redirect("listings:detail", pk=listing.pk)
    return render(request, "consortium/brokerage/close.html", {"listing": listing})
