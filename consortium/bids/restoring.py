"""Bids are never restored from the admin's history.

A bid keeps its own versions: partners sign off one version, and the bid editor (which
counts versions and voids sign-offs, ``consortium.bids.versions``) is the only way its content
changes. A sign-off, and a bid once submitted or decided, never change at all.
"""

from consortium.bids.models import (
    BidSection,
    BudgetLine,
    Consortium,
    ConsortiumMember,
    JointBid,
    PartnerStatement,
    SectionComment,
    SignOff,
)
from consortium.bids.models.answers import Answer
from consortium.bids.models.bids import BidState
from consortium.history import label, restore_check

DECIDED = (BidState.SUBMITTED, BidState.AWARDED, BidState.UNSUCCESSFUL, BidState.WITHDRAWN)
IN_THE_EDITOR = (
    "bids keep their own versions and sign-offs; change it in the bid, where the partners "
    "see the change and sign it off again."
)


def _bid_check(bid):
    if bid.state in DECIDED:
        return f"the bid is {label(bid, 'state')}; what was sent never changes afterwards."
    return IN_THE_EDITOR


@restore_check(JointBid)
def joint_bid(current, restored):
    return _bid_check(current)


@restore_check(BidSection, BudgetLine, PartnerStatement, SignOff)
def bid_part(current, restored):
    if isinstance(current, SignOff):
        return "a sign-off is a signed record and never changes."
    return _bid_check(current.bid)


@restore_check(SectionComment)
def section_comment(current, restored):
    return _bid_check(current.section.bid)


@restore_check(Consortium, ConsortiumMember)
def consortium(current, restored):
    return (
        "who is in a consortium, and who leads it, changes only through the consortium's "
        "own pages, where partners are asked and told."
    )


@restore_check(Answer)
def answer(current, restored):
    """An answer may go back to an earlier wording, in the same library."""
    if (restored.organisation_id, restored.consortium_id) != (
        current.organisation_id,
        current.consortium_id,
    ):
        return "an answer stays in its library; a private answer is never moved into another."
    return None
