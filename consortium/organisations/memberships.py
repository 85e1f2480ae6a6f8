"""Joining organisations: registering a new one, asking to join, and admins deciding.

Every change goes through here so that an organisation is never left without an admin
and the right people are told (``consortium.messaging``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consortium import events, permissions
from consortium.events import Event
from consortium.organisations.people import Membership, MembershipStatus, Person, Role


class LastAdminError(ValidationError):
    pass


LAST_ADMIN_MESSAGE = (
    "{organisation} must keep at least one organisation admin. Make someone else an admin first."
)


@transaction.atomic
def register(form, user):
    """Save a new organisation from its form; the user becomes its approved admin and acts
    for it; staff are told. Unverified until staff set its verified date."""
    organisation = form.save()
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=Role.ADMIN,
        status=MembershipStatus.APPROVED,
        decided_at=timezone.now(),
        decided_by=user,
    )
    person, _ = Person.objects.get_or_create(user=user)
    person.acting_for = organisation
    person.save(update_fields=["acting_for"])
    permissions.forget(user)
    events.announce(Event.ORGANISATION_REGISTERED, organisation=organisation, user=user)
    return organisation


@transaction.atomic
def ask_to_join(user, organisation, message=""):
    """Ask to join (again, after a refusal or leaving); the organisation's admins are told."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"message": message}
    )
    if not created:
        if membership.status == MembershipStatus.REQUESTED:
            return membership, False
        membership.status = MembershipStatus.REQUESTED
        membership.role = Role.MEMBER
        membership.message = message
        membership.requested_at = timezone.now()
        membership.decided_at = None
        membership.decided_by = None
        membership.save()
    events.announce(Event.JOIN_REQUESTED, membership=membership)
    return membership, True


def _other_admins(membership):
    return (
        Membership.objects.admins()
        .filter(organisation_id=membership.organisation_id)
        .exclude(pk=membership.pk)
        .exists()
    )


def _guard_last_admin(membership):
    if (
        membership.status == MembershipStatus.APPROVED
        and membership.role == Role.ADMIN
        and not _other_admins(membership)
    ):
        raise LastAdminError(
            LAST_ADMIN_MESSAGE.format(organisation=membership.organisation), code="last_admin"
        )


@transaction.atomic
def decide(membership, approve, by):
    """Approve or decline a request to join; the person who asked is told."""
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save()
    events.announce(Event.MEMBERSHIP_DECIDED, membership=membership)
    return membership


@transaction.atomic
def change_role(membership, role, by):
    """Make a member an admin or an admin a member, never removing the last admin."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.ADMIN:
        _guard_last_admin(membership)
    membership.role = role
    membership.decided_by = by
    membership.save()
    return membership


@transaction.atomic
def remove(membership, by):
    """Take someone out of the organisation (they may ask to join again)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _guard_last_admin(membership)
    membership.status = MembershipStatus.LEFT
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save()
    Person.objects.filter(user_id=membership.user_id, acting_for=membership.organisation).update(
        acting_for=None
    )
    return membership
