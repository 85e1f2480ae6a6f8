"""Who may see or do what in the members' area. Every view asks this module.

The people:
- anonymous visitors see public profiles, public listings and schemes;
- individual volunteers (signed in, no organisation) also see members-only listings and
  reply to them;
- members act for the organisations whose membership was approved: they keep their
  organisation's documents, listings, replies and pledges;
- organisation admins also edit the profile and approve people who ask to join;
- brokerage staff (superusers and the "Brokerage officers" group) may do everything.

Answers about a user's memberships are computed once per request object and kept on the
user (``_shoal_access``), so a page asking many questions costs one or two queries.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from consortium import compiled
from consortium.organisations import groups
from consortium.organisations.people import Membership, Role

BROKERAGE_GROUP = "Brokerage officers"


@dataclass
class Access:
    """What one signed-in user is, worked out once."""

    staff: bool = False
    volunteer: bool = False
    member_of: set = field(default_factory=set)  # organisation ids, approved memberships
    admin_of: set = field(default_factory=set)  # organisation ids where they are an admin
    acting_for_id: int | None = None
    _group_org_ids: set | None = None

    @property
    def is_member(self):
        return bool(self.member_of)

    def organisations_sharing_a_group(self):
        """Ids of organisations in a forum or cluster with one of this user's organisations."""
        if self._group_org_ids is None:
            self._group_org_ids = groups.organisation_ids_sharing_a_group(self.member_of)
        return self._group_org_ids


ANONYMOUS = Access()


def access(user):
    """The user's :class:`Access`, cached on the user object for this request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_shoal_access", None)
    if cached is not None:
        return cached
    # Asked on every signed-in page: their SQL is compiled once per process for each person
    # (``consortium.compiled``), as building it cost more than running it.
    memberships = compiled.rows(
        ("access-memberships", user.pk),
        lambda: (
            Membership.objects.approved()
            .filter(user_id=user.pk)
            .values_list("organisation_id", "role")
        ),
    )
    # The person and whether they are brokerage staff in one query, the person kept on the
    # user as if read through ``user.person``.
    found = compiled.rows(
        ("access-person", user.pk),
        lambda: (
            get_user_model()
            .objects.filter(pk=user.pk)
            .select_related("person")
            .annotate(
                is_officer=Exists(Group.objects.filter(user=OuterRef("pk"), name=BROKERAGE_GROUP))
            )
            .order_by()[:1]
        ),
    )
    me = found[0] if found else None
    person = getattr(me, "person", None) if me else None
    get_user_model().person.related.set_cached_value(user, person)
    member_of = {org_id for org_id, _ in memberships}
    acting = person.acting_for_id if person and person.acting_for_id in member_of else None
    if acting is None and memberships:
        acting = min(member_of)
    result = Access(
        staff=user.is_superuser or bool(me and me.is_officer),
        volunteer=bool(person and person.is_volunteer),
        member_of=member_of,
        admin_of={org_id for org_id, role in memberships if role == Role.ADMIN},
        acting_for_id=acting,
    )
    user._shoal_access = result
    return result


def forget(user):
    """Drop the cached answers after the user's memberships change in this request."""
    if hasattr(user, "_shoal_access"):
        del user._shoal_access


def staff_users():
    """Everyone who works the brokerage (told of new organisations, reports, overdue replies)."""
    return list(
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=BROKERAGE_GROUP), is_active=True)
        .distinct()
    )


def is_staff(user):
    return access(user).staff


def is_signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


def acting_organisation_id(user):
    """The id of the organisation the user acts for now, or None."""
    return access(user).acting_for_id


def or_404(allowed, message="Not found"):
    """Refuse someone who may not see a thing as if it did not exist.

    A bid, a consortium or an organisation's private pages answer "not found" to a person
    who may not see them, from every address under them, so that a stranger cannot learn
    which names exist. "Refused" (403) is kept for a person who can see the thing but may
    not take the action.
    """
    if not allowed:
        raise Http404(message)
