"""What staff may restore from the history of organisations, their people and documents.

A restore obeys the same rules as an edit (``Organisation.clean``, the one-org-id rule,
``consortium.organisations.memberships``): an organisation keeps at least one admin, and a
record stays with the organisation or person it belongs to.
"""

from consortium.history import differs, restore_check
from consortium.organisations import org_ids
from consortium.organisations.documents import OrganisationDocument
from consortium.organisations.memberships import LAST_ADMIN_MESSAGE
from consortium.organisations.models import Organisation
from consortium.organisations.people import Membership, MembershipStatus, Person, Role


@restore_check(Organisation)
def organisation(current, restored):
    numbers = {field: getattr(restored, field) for field in org_ids.NUMBER_FIELDS}
    clash = org_ids.first_clash(numbers, exclude=current)
    if clash is not None:
        _field, org_id, holder = clash
        return f"its org-id {org_id} now belongs to {holder.name}."
    return ""


def _is_admin(membership):
    return membership.status == MembershipStatus.APPROVED and membership.role == Role.ADMIN


@restore_check(Membership)
def membership(current, restored):
    if differs(current, restored, "user", "organisation"):
        return "a membership stays with its person and organisation."
    others = (
        Membership.objects.admins()
        .filter(organisation_id=current.organisation_id)
        .exclude(pk=current.pk)
    )
    if _is_admin(current) and not _is_admin(restored) and not others.exists():
        return LAST_ADMIN_MESSAGE.format(organisation=current.organisation)
    return ""


@restore_check(Person)
def person(current, restored):
    if differs(current, restored, "user"):
        return "a profile stays with its person."
    return ""


@restore_check(OrganisationDocument)
def organisation_document(current, restored):
    if differs(current, restored, "organisation"):
        return "a document stays with its organisation."
    if restored.file and not restored.file.storage.exists(restored.file.name):
        return "the file of that version is no longer stored."
    return ""
