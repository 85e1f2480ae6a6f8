"""Disputing an org-id another organisation holds, with the brokerage staff
(``consortium.organisations.org_ids``; the register and edit forms link here)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.organisations import org_ids
from consortium.organisations.forms import DisputeOrgIdForm
from consortium.organisations.models import Organisation
from consortium.organisations.views import _require, members_view


def _claimant(request, holder):
    """The organisation disputing, when the link came from its edit page and the person
    may edit it."""
    slug = request.GET.get("for", "")
    claimant = Organisation.objects.filter(slug=slug).first() if slug else None
    if claimant is None or claimant == holder:
        return None
    return claimant if permissions.can_edit_organisation(request.user, claimant) else None


@members_view
@require_http_methods(["GET", "POST"])
def dispute_org_id(request, org_id):
    """Tell the brokerage staff that a number another organisation holds is yours."""
    _require(request, permissions.is_signed_in(request.user))
    holder = org_ids.holder_of(org_id)
    if holder is None:
        raise Http404("No organisation has this org-id.")
    _require(request, permissions.can_dispute_org_id(request.user, holder))
    claimant = _claimant(request, holder)
    done_url = (
        reverse("organisations:profile", kwargs={"slug": claimant.slug})
        if claimant
        else reverse("organisations:directory")
    )
    waiting = org_ids.open_dispute_by(request.user, org_id)
    if waiting is not None:
        messages.info(
            request,
            f"You disputed {org_id} on {waiting.created_at:%-d %B %Y}. The brokerage staff "
            "will email you when they decide.",
        )
        return redirect(done_url)
    initial = {"claimant_name": claimant.name if claimant else request.GET.get("name", "")[:200]}
    form = DisputeOrgIdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        org_ids.dispute(
            org_id=org_id,
            holder=holder,
            raised_by=request.user,
            claimant=claimant,
            claimant_name=form.cleaned_data["claimant_name"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            f"Your dispute about {org_id} is sent to the brokerage staff. They will email you "
            "when they decide.",
        )
        return redirect(done_url)
    return render(
        request,
        "consortium/organisations/dispute_org_id.html",
        {
            "form": form,
            "holder": holder,
            "org_id": org_id,
            "heading": f"Dispute the org-id {org_id}",
            "submit_label": "Send to the brokerage staff",
        },
    )
