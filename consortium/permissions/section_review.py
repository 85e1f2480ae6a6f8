"""Section review: who names a section's reviewer, who hands it over, who approves it.

The lead names the reviewer (a person in a lead or partner organisation of the bid); the
section's writer (or the lead) marks it ready for review, or approves it when it has no
reviewer; only the reviewer approves it or returns it with comments. Staff may read and help
with a bid but never vouch for its text.
"""

from django.contrib.auth import get_user_model

from consortium.bids.models import ConsortiumRole, InvitationStatus
from consortium.bids.workflow import EDITABLE
from consortium.organisations.people import MembershipStatus
from consortium.permissions.access import is_staff
from consortium.permissions.bids import can_view_bid, is_bid_lead, is_section_writer


def possible_reviewers(bid):
    """The people who may review the bid's sections: approved members of its lead and
    partner organisations (subcontractors are not party to the bid)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__status=MembershipStatus.APPROVED,
            memberships__organisation__consortium_memberships__consortium=bid.consortium,
            memberships__organisation__consortium_memberships__status=InvitationStatus.ACCEPTED,
            memberships__organisation__consortium_memberships__role__in=[
                ConsortiumRole.LEAD,
                ConsortiumRole.PARTNER,
            ],
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def can_set_reviewer(user, bid):
    """Name or change a section's reviewer: the lead's people, while the bid is open."""
    return bid.state in EDITABLE and is_bid_lead(user, bid)


def _writes(user, section):
    return (
        section.bid.state in EDITABLE
        and not is_staff(user)
        and (is_section_writer(user, section) or is_bid_lead(user, section.bid))
    )


def can_mark_ready_for_review(user, section):
    """The section's writer (or the lead), when the section has a reviewer."""
    return section.reviewer_id is not None and _writes(user, section)


def can_approve_directly(user, section):
    """Without a reviewer, the writer (or the lead) says the section is finished."""
    return section.reviewer_id is None and _writes(user, section)


def can_review_section(user, section):
    """Approve or return the section: its reviewer only, while the bid is open."""
    return (
        section.reviewer_id is not None
        and section.reviewer_id == user.pk
        and section.bid.state in EDITABLE
        and not is_staff(user)
        and can_view_bid(user, section.bid)
    )
