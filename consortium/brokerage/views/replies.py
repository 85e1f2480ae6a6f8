"""Reply to a listing, answer a reply, complete a match, report a listing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from consortium import permissions
from consortium.brokerage import outcomes
from consortium.brokerage import rules as brokerage
from consortium.brokerage.conversations import contacts
from consortium.brokerage.models import Match
from consortium.organisations.models import Organisation

from . import browse, conversations
from .common import listing_or_404, require, require_signed_in, signed_in_view
from .forms import MatchOutcomeForm, ReplyForm, ReportForm


@signed_in_view
def reply(request, pk):
    """Another organisation (acting for it) or an individual volunteer replies."""
    listing = listing_or_404(request, pk)
    require(request, permissions.can_reply(request.user, listing))
    offers = browse.reply_offers(request.user)
    form = ReplyForm(request.POST or None, offers=offers)
    if request.method == "POST" and form.is_valid():
        acting = permissions.acting_organisation_id(request.user)
        brokerage.reply_to(
            listing,
            request.user,
            form.cleaned_data["message"],
            organisation=Organisation.objects.get(pk=acting) if acting else None,
            offer=form.cleaned_data.get("offer"),
        )
        messages.success(request, f"Your reply is sent to {listing.organisation.name}")
        return redirect("listings:detail", pk=listing.pk)
    return render(
        request,
        "consortium/brokerage/reply.html",
        {"form": form, "listing": listing},
        status=400 if form.errors else 200,
    )


@signed_in_view
def report(request, pk):
    """Anyone signed in tells staff what is wrong with a listing."""
    listing = listing_or_404(request, pk)
    require(request, permissions.can_report_listing(request.user, listing))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        brokerage.report_listing(listing, request.user, form.cleaned_data["reason"])
        messages.success(request, "Thank you. Staff will look at this listing")
        return redirect("listings:detail", pk=listing.pk)
    return render(
        request,
        "consortium/brokerage/report.html",
        {"form": form, "listing": listing},
        status=400 if form.errors else 200,
    )


@signed_in_view
def answer(request, pk):
    """The reply's page: both sides read and write its conversation; the listing's
    organisation accepts or declines it."""
    require_signed_in(request)
    found = conversations.reply_or_404(request, pk)
    if request.method == "POST":
        if not permissions.can_edit_listing(request.user, found.listing):
            raise PermissionDenied
        if not permissions.can_answer_reply(request.user, found):
            messages.error(request, "This reply has already been answered")
            return redirect("listings:detail", pk=found.listing_id)
        decision = request.POST.get("decision")
        if decision == "accept":
            match = brokerage.accept_reply(found, request.user)
            messages.success(
                request, "You accepted the reply. Mark the match complete once it has happened"
            )
            return redirect("listings:match", pk=match.pk)
        if decision == "decline":
            brokerage.decline_reply(found, request.user)
            messages.success(request, "You declined the reply")
            return redirect("listings:detail", pk=found.listing_id)
    return conversations.reply_page(request, found)


@signed_in_view
def match(request, pk):
    """Either side of a match marks it complete, with its outcome, or as a no-show; a side
    that has answered may correct its own figures. Both sides' reports are shown."""
    require_signed_in(request)
    found = get_object_or_404(
        Match.objects.select_related(
            "listing__organisation",
            "reply__organisation",
            "reply__user__person",
            "reply__listing__organisation",
        ),
        pk=pk,
    )
    if not permissions.can_view_reply(request.user, found.reply):
        raise Http404("No such match.")
    side = brokerage.side_of(request.user, found)
    confirmed = bool(side and getattr(found, f"{side}_confirmed_at"))
    can_confirm = (
        bool(side) and not confirmed and permissions.can_confirm_match(request.user, found)
    )
    correcting = (
        bool(side) and confirmed and permissions.can_correct_match_report(request.user, found)
    )
    shown = outcomes.report_context(found)
    form = None
    if can_confirm or correcting:
        own = shown["reports"].get(side)
        initial = own.figures() if correcting and own else None
        form = MatchOutcomeForm(request.POST or None, initial=initial, correcting=correcting)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            if correcting:
                brokerage.correct_report(found, side, form.outcome(), by=request.user)
                messages.success(request, "Thank you. Your corrected figures are saved")
            else:
                brokerage.confirm_match(
                    found, side, form.cleaned_data["verdict"], form.outcome(), by=request.user
                )
                messages.success(request, "Thank you. Your answer is saved")
            return redirect("listings:match", pk=found.pk)
    return render(
        request,
        "consortium/brokerage/match.html",
        {
            "match": found,
            "listing": found.listing,
            "side": side,
            "confirmed": confirmed,
            "correcting": correcting,
            "form": form,
            # Contact details: only once accepted, only what the other side shares.
            "other_contact": (contacts(found.reply) or {}).get(
                "responder" if side == "owner" else "owner"
            )
            if side
            else None,
            **shown,
        },
        status=400 if form is not None and form.errors else 200,
    )
