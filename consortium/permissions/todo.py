"""The to-do page: whose things wait for whom.

Each function answers with a filter (a ``Q``) on one model, so the to-do list reads each kind
of item in one query, however many organisations the person belongs to.
"""

from django.db.models import Exists, OuterRef, Q

from consortium.bids.models import ConsortiumMember, ConsortiumRole, InvitationStatus
from consortium.permissions.access import access, is_signed_in


def can_see_todo(user):
    return is_signed_in(user)


def replies_to_answer(user):
    """Replies to listings of the person's organisations (Reply)."""
    return Q(listing__organisation_id__in=access(user).member_of)


def asks_to_answer(user):
    """Organisations' requests to help, on the person's own availability (AvailabilityAsk)."""
    return Q(availability__user_id=user.pk)


def my_side_of_matches(user):
    """Matches whose one side is the person's (Match): (as poster, as replier) filters."""
    member_of = access(user).member_of
    poster = Q(listing__organisation_id__in=member_of)
    replier = Q(reply__organisation_id__in=member_of) | Q(
        reply__organisation__isnull=True, reply__user=user
    )
    return poster, replier


def my_side_of_conversations(user):
    """Replies whose conversation the person is in (Reply): (as poster, as replier) filters."""
    member_of = access(user).member_of
    poster = Q(listing__organisation_id__in=member_of)
    replier = Q(organisation_id__in=member_of) | Q(organisation__isnull=True, user=user)
    return poster, replier


def organisations_filter(user, field="organisation_id"):
    """Things held by one of the person's organisations (pledges, vault documents, sections)."""
    return Q(**{f"{field}__in": access(user).member_of})


def invitations_to_answer(user):
    """Consortium invitations the person may accept or decline: their organisations' admins."""
    return Q(organisation_id__in=access(user).admin_of)


def sign_offs_for(user):
    """Bid places (JointBid through its consortium's members) the person signs off for: an
    admin or a named contact of a lead or partner organisation (never a subcontractor)."""
    # One Q for one filter() call, so that every condition is on the same consortium member.
    # The places are a union of two indexed lookups: an OR across the members and their
    # contacts read both tables whole.
    admin = ConsortiumMember.objects.filter(organisation_id__in=access(user).admin_of)
    contact = ConsortiumMember.objects.filter(contacts=user)
    places = admin.order_by().values("pk").union(contact.order_by().values("pk"))
    return Q(
        consortium__members__status=InvitationStatus.ACCEPTED,
        consortium__members__role__in=[ConsortiumRole.LEAD, ConsortiumRole.PARTNER],
        consortium__members__in=places,
    )


def my_shift_sign_ups(user):
    """The person's own sign-ups for volunteering shifts (ShiftSignUp), not cancelled."""
    return Q(user=user, cancelled_at__isnull=True)


def sections_written_by(user):
    """Sections the person writes (BidSection): assigned to one of their organisations, or
    unassigned in a bid their organisation leads (as ``is_section_writer``)."""
    member_of = access(user).member_of
    leads = ConsortiumMember.objects.filter(
        consortium=OuterRef("bid__consortium"),
        role=ConsortiumRole.LEAD,
        status=InvitationStatus.ACCEPTED,
        organisation_id__in=member_of,
    )
    return Q(assigned_to_id__in=member_of) | Q(assigned_to__isnull=True) & Q(Exists(leads))


def sections_to_review(user):
    """Sections (BidSection) handed to the person to review."""
    return Q(reviewer=user, status="in-review")


def sections_returned_to(user):
    """Sections the person writes that their reviewer returned with comments."""
    return sections_written_by(user) & Q(status="changes-asked")
