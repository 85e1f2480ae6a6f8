"""Inviting an organisation that seeks partners into a consortium, from the opportunity page
(/consortia/invite-seeking-partner/<opportunity>/): one click, the same invitation and rules
as the consortium's own "Invite an organisation" page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from consortium import permissions
from consortium.bids import consortia
from consortium.bids.models import Consortium
from consortium.opportunities import views as opportunity_views
from consortium.opportunities.models import Opportunity, PartnerSearch


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def invite_seeker(request, slug):
    """Invite the posted organisation (seeking partners here) into the posted consortium."""
    opportunity = get_object_or_404(Opportunity, slug=slug)
    user = request.user
    if not permissions.can_view_opportunity(user, opportunity):
        raise Http404("No such opportunity")
    page = reverse("opportunities:detail", args=[slug])
    if not permissions.is_signed_in(user):
        return redirect_to_login(page)
    if not permissions.consortia_led_by(user):
        raise PermissionDenied("Only people of a consortium's lead organisation can invite")
    search = (
        PartnerSearch.objects.filter(
            opportunity=opportunity, organisation_id=_number(request.POST.get("organisation"))
        )
        .select_related("organisation")
        .first()
    )
    if search is None:
        messages.error(request, "That organisation is no longer seeking partners for this.")
        return redirect(page + "#partners")
    organisation = search.organisation
    consortium = Consortium.objects.filter(pk=_number(request.POST.get("consortium"))).first()
    if consortium is None or not permissions.can_invite_from_opportunity(user, consortium):
        refusal = f"Choose a consortium your organisation leads to invite {organisation.name} into."
        return _refused(request, slug, organisation, refusal, status=400)
    try:
        member = consortia.invite_seeker(consortium, organisation, opportunity, user)
    except consortia.ConsortiumRefused as refusal:
        return _refused(request, slug, organisation, str(refusal), status=409)
    messages.success(
        request,
        f"{organisation.name} is invited to {consortium.name}. The invitation lasts until "
        f"{member.expires_on:%-d %B %Y}.",
    )
    return redirect(page + "#partners")


def _refused(request, slug, organisation, message, status):
    return opportunity_views.detail(
        request, slug, status=status, invite_error=(organisation.pk, message)
    )
