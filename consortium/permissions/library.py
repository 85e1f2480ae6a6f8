"""The answer library: who may see, save, change and reuse answers.

An organisation's answers are for its own people only, never for other partners in the same
consortium; a consortium's answers for the people of its accepted members; the shared library
for every member organisation's people, kept by brokerage staff.
"""

from django.db.models import Q

from consortium.bids.models import (
    BidState,
    Consortium,
    ConsortiumRole,
    InvitationStatus,
    SectionStatus,
)
from consortium.organisations.models import Organisation
from consortium.permissions.access import access
from consortium.permissions.bids import can_edit_section, can_view_bid, consortium_places

# Sections worth keeping: the bid went to the funder, or the section is approved.
_FINISHED_BIDS = (BidState.SUBMITTED, BidState.AWARDED)
_FINISHED_SECTIONS = (SectionStatus.APPROVED,)


def can_use_library(user):
    """The library is for people of member organisations and for staff."""
    a = access(user)
    return a.staff or a.is_member


def member_consortium_ids(user):
    """Ids of the consortia where one of the user's organisations accepted a place."""
    a = access(user)
    if not a.member_of:
        return set()
    cached = a.__dict__.get("_library_consortia")
    if cached is None:
        cached = a.__dict__["_library_consortia"] = set(
            Consortium.objects.filter(
                members__organisation_id__in=a.member_of,
                members__status=InvitationStatus.ACCEPTED,
            ).values_list("pk", flat=True)
        )
    return cached


def visible_answers(user, queryset):
    """The answers of the user's organisations and consortia, and the shared library."""
    if not can_use_library(user):
        return queryset.none()
    shared = Q(organisation__isnull=True, consortium__isnull=True)
    return queryset.filter(
        shared
        | Q(organisation_id__in=access(user).member_of)
        | Q(consortium_id__in=member_consortium_ids(user))
    )


def can_view_answer(user, answer):
    if not can_use_library(user):
        return False
    if answer.organisation_id:
        return answer.organisation_id in access(user).member_of
    if answer.consortium_id:
        return answer.consortium_id in member_consortium_ids(user)
    return True


def can_edit_answer(user, answer):
    """The owner or the owning organisation's people; for a consortium's answer the owner
    and the lead's people; staff for the shared library. Deleting is the same."""
    if not can_view_answer(user, answer):
        return False
    a = access(user)
    if answer.organisation_id:
        return True  # its people are exactly those who see it
    if answer.consortium_id:
        if answer.owner_id == user.pk:
            return True
        return ConsortiumRole.LEAD in consortium_places(user, answer.consortium).values()
    return a.staff


def writable_libraries(user, consortium=None):
    """[(key, label)] of the libraries the user may add answers to: their organisations',
    their consortia's (only ``consortium`` when saving from its bid) and, for staff, the
    shared library."""
    a = access(user)
    choices = []
    if consortium is not None:
        mine = consortium_places(user, consortium)
        organisations = Organisation.objects.filter(pk__in=mine).order_by("name")
        consortia = [consortium] if mine else []
    else:
        organisations = Organisation.objects.filter(pk__in=a.member_of).order_by("name")
        consortia = Consortium.objects.filter(pk__in=member_consortium_ids(user)).order_by("name")
    for organisation in organisations:
        choices.append((f"organisation-{organisation.pk}", f"{organisation.name} (private)"))
    for each in consortia:
        choices.append((f"consortium-{each.pk}", f"{each.name} (the consortium's members)"))
    if a.staff:
        choices.append(("shared", "Shared library (kept by staff)"))
    return choices


def can_save_as_answer(user, section):
    """Keep a section as an answer: anyone who may see the bid and has a library, once the
    bid is submitted or awarded or the section is approved."""
    bid = section.bid
    if not can_use_library(user) or not can_view_bid(user, bid):
        return False
    finished = bid.state in _FINISHED_BIDS or getattr(section, "status", "") in _FINISHED_SECTIONS
    return finished and bool(writable_libraries(user, bid.consortium))


def can_insert_answer(user, section, answer):
    return can_edit_section(user, section) and can_view_answer(user, answer)
