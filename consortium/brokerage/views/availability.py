"""Volunteers' availability: a volunteer posts, changes and withdraws it; members of
organisations browse "Volunteers available" and ask a volunteer, who accepts or declines."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from consortium import permissions
from consortium.brokerage import availability as rules
from consortium.brokerage.availability import Availability, AvailabilityAsk
from consortium.brokerage.conversations import organisation_contact, volunteer_contact
from consortium.organisations.models import Area, Organisation
from consortium.organisations.people import HelpKind
from consortium.organisations.postcodes import about, miles_from, place_of
from portal.forms import GovukFormMixin

from .availability_forms import AskVolunteerForm, AvailabilityForm
from .common import require, require_signed_in, signed_in_view
from .forms import within_field

PER_PAGE = 20


@signed_in_view
def mine(request):
    """The volunteer's own availability, and the organisations that asked them."""
    require(request, permissions.can_post_availability(request.user))
    availabilities = list(
        request.user.availabilities.filter(status=rules.AvailabilityStatus.OPEN).order_by(
            "-updated_at", "-pk"
        )
    )
    asks = list(
        AvailabilityAsk.objects.filter(availability__user=request.user)
        .select_related("organisation", "availability")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "consortium/brokerage/availability/mine.html",
        {"availabilities": availabilities, "asks": asks},
    )


@signed_in_view
def create(request):
    require(request, permissions.can_post_availability(request.user))
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(request.user)
        messages.success(request, "Organisations in your areas can now see when you can help")
        return redirect("listings:my_availability")
    return render(
        request,
        "consortium/brokerage/availability/form.html",
        {"form": form, "heading": "When can you help?"},
        status=400 if form.errors else 200,
    )


def _own_or_404(request, pk):
    found = get_object_or_404(Availability, pk=pk)
    if not permissions.owns_availability(request.user, found):
        raise Http404("No such availability.")
    return found


@signed_in_view
def edit(request, pk):
    require_signed_in(request)
    found = _own_or_404(request, pk)
    require(request, permissions.can_edit_availability(request.user, found))
    form = AvailabilityForm(request.POST or None, initial=AvailabilityForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        form.save(request.user, found)
        messages.success(request, "Your availability is saved")
        return redirect("listings:my_availability")
    return render(
        request,
        "consortium/brokerage/availability/form.html",
        {"form": form, "heading": "Change when you can help", "availability": found},
        status=400 if form.errors else 200,
    )


@signed_in_view
def withdraw(request, pk):
    """Stop showing an availability (asks first); organisations no longer see it."""
    require_signed_in(request)
    found = _own_or_404(request, pk)
    require(request, permissions.can_edit_availability(request.user, found))
    if request.method == "POST":
        rules.withdraw(found)
        messages.success(request, "Organisations no longer see this availability")
        return redirect("listings:my_availability")
    return render(
        request, "consortium/brokerage/availability/withdraw.html", {"availability": found}
    )


class VolunteerFilterForm(GovukFormMixin, forms.Form):
    area = forms.ChoiceField(
        label="Area", required=False, choices=[("", "Any area"), *Area.choices]
    )
    help_kind = forms.ChoiceField(
        label="Kind of help", required=False, choices=[("", "Any kind of help"), *HelpKind.choices]
    )
    online = forms.BooleanField(label="Only those who can help online", required=False)
    within = within_field()

    def __init__(self, *args, near=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not near:  # measured from the organisation the person acts for
            del self.fields["within"]


def _origin(user):
    """Where the person's organisation is, or None (no organisation, or no known postcode)."""
    organisation_id = permissions.acting_organisation_id(user)
    if organisation_id is None:
        return None
    postcode = Organisation.objects.filter(pk=organisation_id).values_list("postcode", flat=True)
    return place_of(postcode.first() or "")


@signed_in_view
def volunteers(request):
    """Volunteers available: for members of organisations, filtered by area, kind and distance."""
    require(request, permissions.can_browse_volunteers(request.user))
    origin = _origin(request.user)
    form = VolunteerFilterForm(request.GET or None, near=origin is not None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = rules.open_availabilities()
    districts = set(found.exclude(postcode_district="").values_list("postcode_district", flat=True))
    miles = miles_from(origin, districts)
    if filters.get("within"):
        near = [code for code, distance in miles.items() if distance <= filters["within"]]
        found = found.filter(postcode_district__in=near)
    if filters.get("area"):
        found = rules.in_area(found, filters["area"])
    if filters.get("help_kind"):
        found = found.filter(help_kinds__contains=f" {filters['help_kind']} ")
    if filters.get("online"):
        found = found.filter(online=True)
    found = found.select_related("user").order_by("-updated_at", "-pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    for availability in page:
        availability.distance = about(miles.get(availability.postcode_district))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consortium/brokerage/availability/volunteers.html",
        {
            "form": form,
            "availabilities": page,
            "filter_query": query.urlencode(),
            "can_ask": permissions.acting_organisation_id(request.user) is not None,
            "distance_unknown": origin is None
            and permissions.acting_organisation_id(request.user) is not None,
        },
    )


def _open_or_404(request, pk):
    found = get_object_or_404(Availability.objects.select_related("user"), pk=pk)
    if not (permissions.can_browse_volunteers(request.user) and found.is_open()):
        raise Http404("No such availability.")
    return found


@signed_in_view
def ask(request, pk):
    """A member acting for an organisation asks the volunteer to help."""
    require_signed_in(request)
    found = _open_or_404(request, pk)
    require(request, permissions.can_ask_volunteer(request.user, found))
    organisation = Organisation.objects.get(pk=permissions.acting_organisation_id(request.user))
    form = AskVolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = rules.ask_volunteer(
                found, organisation, request.user, form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"We have asked {found.shown_name}. We will email you their answer"
            )
            return redirect("listings:availability_ask", pk=sent.pk)
    return render(
        request,
        "consortium/brokerage/availability/ask.html",
        {"form": form, "availability": found, "organisation": organisation},
        status=400 if form.errors else 200,
    )


@signed_in_view
def ask_page(request, pk):
    """The ask, for its two sides: the volunteer accepts or declines it here; once accepted
    each side sees the other's contact details."""
    require_signed_in(request)
    found = get_object_or_404(
        AvailabilityAsk.objects.select_related("availability__user__person", "organisation"),
        pk=pk,
    )
    if not permissions.can_view_ask(request.user, found):
        raise Http404("No such request.")
    if request.method == "POST":
        require(request, permissions.can_answer_ask(request.user, found))
        decision = request.POST.get("decision")
        if decision in ("accept", "decline"):
            rules.answer_ask(found, accepted=decision == "accept")
            messages.success(
                request,
                f"You accepted. {found.organisation.name} can now see how to reach you"
                if decision == "accept"
                else "You declined. We have told the organisation",
            )
            return redirect("listings:availability_ask", pk=found.pk)
        messages.error(request, "Choose accept or decline")
    side = permissions.ask_side(request.user, found)
    other = None
    if permissions.can_see_ask_contacts(request.user, found):
        other = (
            organisation_contact(found.organisation)
            if side == "volunteer"
            else volunteer_contact(found.availability.user)
        )
    return render(
        request,
        "consortium/brokerage/availability/ask_page.html",
        {
            "ask": found,
            "availability": found.availability,
            "side": side,
            "can_answer": permissions.can_answer_ask(request.user, found),
            "other_contact": other,
        },
    )


urlpatterns = [
    path("availability/", mine, name="my_availability"),
    path("availability/new/", create, name="availability_create"),
    path("availability/<int:pk>/edit/", edit, name="availability_edit"),
    path("availability/<int:pk>/withdraw/", withdraw, name="availability_withdraw"),
    path("availability/asks/<int:pk>/", ask_page, name="availability_ask"),
    path("volunteers/", volunteers, name="volunteers"),
    path("volunteers/<int:pk>/ask/", ask, name="ask_volunteer"),
]
