"""The engine that reads the workflow table (``consortium.bids.workflow``): which moves a
person may make on a bid now, and making one.

    moves.available(bid, user)  # [(transition, reasons it is blocked)]
    moves.move(bid, BidState.SUBMITTED, user)  # or TransitionRefused, saying why
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from consortium import permissions
from consortium.bids import awards
from consortium.bids import versions as bids
from consortium.bids.exports import stored
from consortium.bids.models import BidState, ConsortiumRole, JointBid
from consortium.bids.workflow import (
    LEAD,
    PARTNER,
    STAFF,
    S,
    TransitionRefused,
    find,
    transitions_from,
)

__all__ = ["TransitionRefused", "available", "move"]


def _roles(bid, user):
    roles = set()
    if permissions.is_staff(user):
        roles.add(STAFF)
    if permissions.consortium_role(user, bid.consortium) == ConsortiumRole.LEAD:
        roles.add(LEAD)
    if permissions.partners_responding(user, bid):
        roles.add(PARTNER)
    return roles


def available(bid, user):
    """The moves ``user`` may make now, each with the reason it is blocked (or None)."""
    roles = _roles(bid, user)
    result = []
    for t in transitions_from(bid.state):
        if roles & t.who:
            reasons = [r for r in (c(bid) for c in t.conditions) if r]
            result.append((t, reasons))
    return result


def transition_for(bid, target, user):
    """The move to ``target`` that ``user`` may make from the bid's state, or None."""
    roles = _roles(bid, user)
    t = find(bid.state, target, roles)
    return t if t is not None and roles & t.who else None


def move(bid, target, user):
    """Move ``bid`` to ``target`` or raise :class:`TransitionRefused` saying why.

    The bid is read again under a lock, so two people moving it at once cannot both
    succeed from the same state.
    """

    if target not in S.values:
        raise TransitionRefused("There is no such step for a bid.")
    with transaction.atomic():
        locked = JointBid.objects.select_for_update().get(pk=bid.pk)
        bid.state, bid.version = locked.state, locked.version
        return _move(bid, target, user, bids)


def _move(bid, target, user, bids):
    roles = _roles(bid, user)
    t = find(bid.state, target, roles)
    if t is None:
        raise TransitionRefused(
            f"A bid that is “{bid.get_state_display()}” cannot become “{BidState(target).label}”."
        )
    if not (roles & t.who):
        if t.who == {PARTNER}:
            raise TransitionRefused("Only a partner asked to sign off can answer so.")
        raise TransitionRefused("Only the lead organisation can move the bid on.")
    reasons = [r for r in (c(bid) for c in t.conditions) if r]
    if reasons:
        raise TransitionRefused(" ".join(reasons))
    previous = bid.state
    bid.state = target
    if target == S.SUBMITTED:
        bid.submitted_at = timezone.now()
    bid._change_reason = f"{BidState(previous).label} → {BidState(target).label}"
    bid._history_user = user
    bid.save(update_fields=["state", "submitted_at", "amount_awarded", "award_date", "updated_at"])
    del bid._change_reason  # so a later save of this object is not described as a move
    if target == S.AWARDED:
        awards.record(bid, user)  # fixed from now on: the open data reads this record
    if previous == S.AWAITING_SIGN_OFF and target != S.SUBMITTED:
        bids.void_sign_offs(bid, user, reason=f"The bid went back to “{bid.get_state_display()}”")
    bids.state_changed(bid, previous, user)
    if target == S.SUBMITTED:
        # The files the funder got, kept once the move is saved; a failure never undoes it.
        transaction.on_commit(partial(stored.keep_submitted, bid.pk))
    return bid
