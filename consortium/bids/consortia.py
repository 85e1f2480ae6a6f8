"""Consortia: creating one, invitations and answers, roles, the lead, contacts.

A consortium always has exactly one accepted lead. Views call these functions after
asking ``consortium.permissions``; every change is kept by django-simple-history (the
request's user is recorded by its middleware).
"""

from django.db import transaction
from django.utils import timezone

from consortium import events
from consortium.bids.models import (
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    invitation_expiry,
)
from consortium.events import Event
from consortium.organisations.models import Organisation
from consortium.organisations.people import Membership


class ConsortiumRefused(Exception):
    """The change would break a rule (one lead, expired invitation); nothing was saved."""


def create(name, description, organisation, user):
    """A new consortium led by ``organisation``, with ``user`` as one of its contacts."""
    with transaction.atomic():
        consortium = Consortium.objects.create(name=name, description=description, created_by=user)
        lead = ConsortiumMember.objects.create(
            consortium=consortium,
            organisation=organisation,
            role=ConsortiumRole.LEAD,
            status=InvitationStatus.ACCEPTED,
            invited_by=user,
            responded_at=timezone.now(),
        )
        lead.contacts.add(user)
    return consortium


def organisations_to_invite(consortium):
    """Verified organisations with no standing place or live invitation in the consortium."""
    taken = ConsortiumMember.objects.filter(consortium=consortium).exclude(
        status__in=[InvitationStatus.DECLINED, InvitationStatus.LEFT]
    )
    live = [m.organisation_id for m in taken if not m.is_expired]
    return (
        Organisation.objects.filter(verified_on__isnull=False).exclude(pk__in=live).order_by("name")
    )


def invite(consortium, organisation, role, message, user):
    """Invite ``organisation`` (again, if it declined, left or let an invitation expire)."""
    if role == ConsortiumRole.LEAD:
        raise ConsortiumRefused("Invite organisations as partners or subcontractors.")
    with transaction.atomic():
        member, created = ConsortiumMember.objects.select_for_update().get_or_create(
            consortium=consortium,
            organisation=organisation,
            defaults={"role": role, "message": message, "invited_by": user},
        )
        if not created:
            if member.status == InvitationStatus.ACCEPTED:
                raise ConsortiumRefused(f"{organisation.name} is already in {consortium.name}.")
            if member.status == InvitationStatus.INVITED and not member.is_expired:
                raise ConsortiumRefused(
                    f"{organisation.name} is already invited to {consortium.name}."
                )
            member.role = role
            member.message = message
            member.invited_by = user
            member.status = InvitationStatus.INVITED
            member.invited_at = timezone.now()
            member.expires_on = invitation_expiry()
            member.responded_at = None
            member.save()
    events.announce(Event.CONSORTIUM_INVITATION, member=member)
    return member


def invite_seeker(consortium, organisation, opportunity, user):
    """Invite an organisation that seeks partners for ``opportunity`` as a partner, with a
    message saying where it was found; the same rules as any invitation."""
    if organisation.verified_on is None:
        raise ConsortiumRefused(
            f"{organisation.name} is not verified by the brokerage team yet, so it cannot be "
            "invited to a consortium."
        )
    message = f"We saw that you are seeking partners for “{opportunity.title}”."
    return invite(consortium, organisation, ConsortiumRole.PARTNER, message, user)


def answer(member, accept, user):
    """Accept or decline an invitation; refused once it has expired."""
    with transaction.atomic():
        member = ConsortiumMember.objects.select_for_update().get(pk=member.pk)
        if member.status != InvitationStatus.INVITED:
            raise ConsortiumRefused("This invitation has already been answered.")
        if member.is_expired:
            raise ConsortiumRefused(
                f"This invitation expired on {member.expires_on:%-d %B %Y}. "
                "Ask the consortium's lead to invite your organisation again."
            )
        member.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        member.responded_at = timezone.now()
        member.save()
        if accept:
            member.contacts.add(user)
    events.announce(Event.INVITATION_ANSWERED, member=member)
    return member


def change_role(member, role, user):
    """Partner or subcontractor; the lead role only moves by :func:`hand_on`."""
    if member.role == ConsortiumRole.LEAD or role == ConsortiumRole.LEAD:
        raise ConsortiumRefused("Use “Hand on the lead role” to change the lead.")
    member.role = role
    member.save(update_fields=["role"])
    return member


def remove(member, user):
    """Take an organisation out of the consortium (its history stays)."""
    if member.role == ConsortiumRole.LEAD:
        raise ConsortiumRefused(
            "The lead organisation cannot be removed. Hand the lead role on first."
        )
    member.status = InvitationStatus.LEFT
    member.save(update_fields=["status"])
    return member


def hand_on(consortium, new_lead, user):
    """Make ``new_lead`` (an accepted member) the lead; the old lead becomes a partner."""
    with transaction.atomic():
        members = list(
            ConsortiumMember.objects.select_for_update().filter(
                consortium=consortium, status=InvitationStatus.ACCEPTED
            )
        )
        target = next((m for m in members if m.pk == new_lead.pk), None)
        if target is None:
            raise ConsortiumRefused("Only an organisation that accepted a place can lead.")
        if target.role == ConsortiumRole.LEAD:
            raise ConsortiumRefused(f"{target.organisation.name} already leads the consortium.")
        for member in members:
            if member.role == ConsortiumRole.LEAD:
                member.role = ConsortiumRole.PARTNER
                member.save(update_fields=["role"])
        target.role = ConsortiumRole.LEAD
        target.save(update_fields=["role"])
    return target


def approved_people(organisation):
    """The users whose membership of ``organisation`` was approved, by name."""
    return [
        m.user
        for m in Membership.objects.approved()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    ]


def set_contacts(member, users):
    member.contacts.set(users)
    return member
