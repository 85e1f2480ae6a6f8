"""A volunteering need's role details and shifts: the organisation sets them up and sees who
is coming; individual volunteers sign up and cancel."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from consortium import permissions
from consortium.brokerage import shifts as rules
from consortium.brokerage.conversations import volunteer_contact
from consortium.brokerage.shifts import Shift, ShiftRefused, ShiftSignUp, VolunteerRole
from consortium.permissions.shifts import is_volunteering_need

from .common import listing_or_404, require, require_signed_in, signed_in_view
from .shift_forms import RoleForm, ShiftForm


def _volunteering_need_or_404(request, pk):
    listing = listing_or_404(request, pk)
    if not is_volunteering_need(listing):
        raise Http404("Only volunteering needs have roles and shifts.")
    return listing


def _shift_or_404(request, pk):
    shift = get_object_or_404(Shift.objects.select_related("role__listing__organisation"), pk=pk)
    if not permissions.can_view_listing(request.user, shift.role.listing):
        raise Http404("No such shift.")
    return shift


def _shifts_url(listing):
    return reverse("listings:shifts", args=[listing.pk])


def role_context(user, listing):
    """What the listing page shows of a volunteering role: its details, its shifts, and
    for a volunteer, their own sign-ups and whether they may sign up."""
    if not is_volunteering_need(listing):
        return {}
    the_role = VolunteerRole.objects.filter(listing=listing).first()
    shift_list = list(the_role.shifts.all()) if the_role else []
    mine = {}
    if shift_list and permissions.is_signed_in(user):
        mine = {
            signed.shift_id: signed
            for signed in ShiftSignUp.objects.filter(
                shift__in=shift_list, user=user, cancelled_at__isnull=True
            )
        }
    now = timezone.now()
    for shift in shift_list:
        shift.my_sign_up = mine.get(shift.pk)
        shift.started = shift.has_started(now)
    return {
        "role": the_role,
        "shifts": shift_list,
        "can_manage_shifts": permissions.can_manage_shifts(user, listing),
        "can_sign_up": permissions.can_sign_up_for_shifts(user, listing),
    }


@signed_in_view
def role(request, pk):
    """The organisation adds or changes the role details of a volunteering need."""
    require_signed_in(request)
    listing = _volunteering_need_or_404(request, pk)
    require(request, permissions.can_manage_shifts(request.user, listing))
    existing = getattr(listing, "volunteer_role", None)
    form = RoleForm(request.POST or None, instance=existing)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.listing = listing
                saved.save()
            messages.success(request, "The role details are saved")
            if existing is None:
                return redirect(_shifts_url(listing))
            return redirect("listings:detail", pk=listing.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "consortium/brokerage/role_form.html",
        {"form": form, "listing": listing, "existing": existing},
        status=status,
    )


def _coming(shift_list):
    """Each shift's current sign-ups with the contact each volunteer chose to share."""
    by_shift = {shift.pk: [] for shift in shift_list}
    sign_ups = ShiftSignUp.objects.filter(
        shift__in=shift_list, cancelled_at__isnull=True
    ).select_related("user__person")
    for sign_up in sign_ups:
        by_shift[sign_up.shift_id].append(volunteer_contact(sign_up.user))
    for shift in shift_list:
        shift.coming = by_shift[shift.pk]
    return shift_list


@signed_in_view
def shifts(request, pk):
    """The organisation's page for a role's shifts: who is coming, add and remove shifts."""
    require_signed_in(request)
    listing = _volunteering_need_or_404(request, pk)
    require(request, permissions.can_manage_shifts(request.user, listing))
    the_role = getattr(listing, "volunteer_role", None)
    if the_role is None:
        messages.success(request, "Add the role details first, then its shifts")
        return redirect("listings:role", pk=listing.pk)
    form = ShiftForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            added = rules.add_shifts(
                the_role, form.dates(), data["starts_at"], data["ends_at"], data["places"]
            )
            messages.success(request, f"{len(added)} shift{'s' if len(added) != 1 else ''} added")
            return redirect(_shifts_url(listing))
        status = 400
    shift_list = list(the_role.shifts.all())
    if permissions.can_see_who_is_coming(request.user, listing):
        shift_list = _coming(shift_list)
    return render(
        request,
        "consortium/brokerage/shifts.html",
        {
            "listing": listing,
            "role": the_role,
            "shifts": shift_list,
            "form": form,
            "see_who_is_coming": permissions.can_see_who_is_coming(request.user, listing),
        },
        status=status,
    )


@require_POST
@signed_in_view
def remove_shift(request, pk):
    """Remove a shift nobody has signed up for (one with sign-ups is refused, saying why)."""
    require_signed_in(request)
    shift = _shift_or_404(request, pk)
    listing = shift.role.listing
    require(request, permissions.can_manage_shifts(request.user, listing))
    try:
        rules.remove_shift(shift)
    except ShiftRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"The shift on {shift} is removed")
    return redirect(_shifts_url(listing))


@require_POST
@signed_in_view
def sign_up(request, pk):
    """An individual volunteer signs up for a shift; full and past shifts are refused."""
    require_signed_in(request)
    shift = _shift_or_404(request, pk)
    listing = shift.role.listing
    require(request, permissions.can_sign_up_for_shifts(request.user, listing))
    try:
        rules.sign_up(shift, request.user)
    except ShiftRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"You are signed up for {shift}. {listing.organisation.name} can see your "
            "contact details",
        )
    return redirect(reverse("listings:detail", args=[listing.pk]) + "#shifts")


@require_POST
@signed_in_view
def cancel_sign_up(request, pk):
    """The volunteer cancels their own sign-up."""
    require_signed_in(request)
    signed = get_object_or_404(
        ShiftSignUp.objects.select_related("shift__role__listing__organisation"), pk=pk
    )
    permissions.or_404(permissions.can_cancel_sign_up(request.user, signed), "No such sign-up.")
    listing = signed.shift.role.listing
    try:
        rules.cancel(signed)
    except ShiftRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Your sign-up for {signed.shift} is cancelled")
    return redirect(reverse("listings:detail", args=[listing.pk]) + "#shifts")
