"""members: the members' dashboard, acting for an organisation, notification and volunteer settings.

URL names (namespace ``members``): ``dashboard`` (/members/), ``acting_for`` (POST only),
``notifications`` (/members/notifications/), ``volunteer_profile`` (/members/volunteering/),
``todo`` (/members/to-do/).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from consortium import permissions
from consortium.brokerage import shifts, suggestions
from consortium.members import todo as todo_list
from consortium.members.accounts import VolunteerProfileForm, person_for
from consortium.notifications import messenger as messaging
from consortium.organisations.models import Organisation
from consortium.organisations.people import Membership, MembershipStatus
from portal.forms import GovukFormMixin

app_name = "members"


class NotificationSettingsForm(GovukFormMixin, forms.Form):
    """One checkbox per kind of email; ticked means "send me these"."""

    wanted = forms.MultipleChoiceField(
        label="Email me when",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick anything you do not want to hear about",
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = events
        self.fields["wanted"].choices = [(event.value, event.label) for event in events]

    def muted(self, previously_muted):
        """Everything offered and left unticked, plus what this person was never offered."""
        offered = {event.value for event in self.events}
        kept = [value for value in previously_muted if value not in offered]
        wanted = set(self.cleaned_data["wanted"])
        return kept + [event.value for event in self.events if event.value not in wanted]


@login_required
def dashboard(request):
    user = request.user
    person = person_for(user)
    memberships = list(
        Membership.objects.filter(user=user)
        .exclude(status=MembershipStatus.LEFT)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    approved = [m.organisation for m in memberships if m.status == MembershipStatus.APPROVED]
    return render(
        request,
        "consortium/members/dashboard.html",
        {
            "person": person,
            "memberships": memberships,
            "approved_organisations": approved,
            "acting_for_id": permissions.acting_organisation_id(user),
            "can_edit_volunteer_profile": permissions.can_edit_volunteer_profile(user),
            "my_shifts": shifts.upcoming_sign_ups(user) if person.is_volunteer else [],
            "suggested_needs": suggestions.needs_for_volunteer(user),
        },
    )


@login_required
@require_POST
def acting_for(request):
    """Switch the organisation the signed-in person acts for."""
    organisation = Organisation.objects.filter(pk=_int(request.POST.get("organisation"))).first()
    if not permissions.can_act_for(request.user, organisation):
        raise PermissionDenied("You can only act for an organisation you are a member of.")
    person = person_for(request.user)
    person.acting_for = organisation
    person.save(update_fields=["acting_for"])
    permissions.forget(request.user)
    messages.success(request, f"You are now acting for {organisation.name}.")
    return redirect("members:dashboard")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def notifications(request):
    person = person_for(request.user)
    events = messaging.events_for(request.user)
    muted = set(person.muted or [])
    initial = {"wanted": [event.value for event in events if event.value not in muted]}
    data = request.POST if request.method == "POST" else None  # no ticks is an answer too
    form = NotificationSettingsForm(data, events=events, initial=initial)
    if request.method == "POST" and form.is_valid():
        person.muted = form.muted(person.muted or [])
        person.save(update_fields=["muted"])
        messages.success(request, "Your email settings are saved.")
        return redirect("members:notifications")
    return render(request, "consortium/members/notifications.html", {"form": form})


@login_required
def volunteer_profile(request):
    if not permissions.can_edit_volunteer_profile(request.user):
        raise PermissionDenied("Only individual volunteers have a volunteering profile.")
    person = person_for(request.user)
    form = VolunteerProfileForm(
        request.POST if request.method == "POST" else None,
        initial=VolunteerProfileForm.initial_for(person),
    )
    if request.method == "POST" and form.is_valid():
        form.save(person)
        messages.success(request, "Your volunteering details are saved.")
        return redirect("members:dashboard")
    return render(request, "consortium/members/volunteer_profile.html", {"form": form})


@login_required
@require_GET
def todo(request):
    """Everything that waits for the signed-in person, each item linking to where it is done."""
    if not permissions.can_see_todo(request.user):
        raise PermissionDenied("Sign in to see what needs doing.")
    kinds = todo_list.items(request.user)
    total = sum(len(kind.items) for kind in kinds)
    return render(
        request,
        "consortium/members/todo.html",
        {"kinds": kinds, "total": total, "todo_count": total},
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("acting-for/", acting_for, name="acting_for"),
    path("notifications/", notifications, name="notifications"),
    path("volunteering/", volunteer_profile, name="volunteer_profile"),
    path("to-do/", todo, name="todo"),
]
