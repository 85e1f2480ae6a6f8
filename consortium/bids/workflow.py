"""A joint bid's states, and who may move it between them on which conditions.

The rules are data: the table ``TRANSITIONS`` and the conditions it names. The small engine
that reads it is ``consortium.bids.moves`` (``available`` and ``move``); permissions may read
the states here, and nothing here reads permissions. Views never test states themselves.

    draft → internal review → awaiting sign-off → submitted → awarded or unsuccessful
    withdrawn from any open state
    a partner asked to sign off may send it back: request changes (internal review) or
    decline to take part (draft); see ``consortium.bids.review``
"""

from dataclasses import dataclass

from consortium.bids.models import (
    BidState,
    ConsortiumRole,
    InvitationStatus,
    ResponseKind,
    SignOff,
    SignOffResponse,
)

S = BidState

# The states in which partners may still change the bid's content. A change while the bid
# awaits sign-off voids every sign-off given so far.
EDITABLE = {S.DRAFT, S.INTERNAL_REVIEW, S.AWAITING_SIGN_OFF}
OPEN = {S.DRAFT, S.INTERNAL_REVIEW, S.AWAITING_SIGN_OFF, S.SUBMITTED}
FINISHED = {S.AWARDED, S.UNSUCCESSFUL, S.WITHDRAWN}


class TransitionRefused(Exception):
    """The move is not allowed; the message says why, in words for the person."""


# --- conditions: each returns None when met, or the reason it is not -------------------------


def sections_ready(bid):
    waiting = [s.title for s in bid.sections.all() if s.status != "approved"]
    if waiting:
        return "These sections are not approved: " + ", ".join(waiting) + "."
    return None


def sections_within_limits(bid):
    over = [
        f"{s.title} ({s.word_count} words, limit {s.word_limit})"
        for s in bid.sections.all()
        if s.over_limit
    ]
    if over:
        return "These sections are over their word limit: " + "; ".join(over) + "."
    return None


def has_sections(bid):
    return None if bid.sections.exists() else "The bid has no sections yet."


def every_partner_signed(bid):
    """Every partner organisation (the lead included; subcontractors are not party to the
    bid) has signed the current version."""
    signed = set(
        SignOff.objects.filter(
            bid=bid, voided_at__isnull=True, bid_version=bid.version
        ).values_list("organisation_id", flat=True)
    )
    missing = [
        m.organisation.name
        for m in bid.consortium.members.filter(status=InvitationStatus.ACCEPTED)
        .exclude(role=ConsortiumRole.SUBCONTRACTOR)
        .select_related("organisation")
        if m.organisation_id not in signed
    ]
    if missing:
        return "Still to sign off this version: " + ", ".join(missing) + "."
    return None


def no_partner_declined(bid):
    """No partner still in the consortium has declined to take part since it (re)joined: the
    lead removes it, or it is invited and joins again."""
    declined = []
    members = bid.consortium.members.filter(status=InvitationStatus.ACCEPTED).select_related(
        "organisation"
    )
    for response in SignOffResponse.objects.filter(
        bid=bid, answer=ResponseKind.DECLINED
    ).select_related("organisation"):
        for m in members:
            joined = m.responded_at or m.invited_at
            if m.organisation_id == response.organisation_id and response.created_at > joined:
                declined.append(m.organisation.name)
    if declined:
        return (
            "These partners declined to take part: "
            + ", ".join(sorted(set(declined)))
            + ". Remove them from the consortium, or invite them to join again."
        )
    return None


def award_recorded(bid):
    if bid.amount_awarded is None or bid.award_date is None:
        return "Enter the amount awarded and the award date first."
    return None


# --- the table ----------------------------------------------------------------------------------

LEAD = "lead"  # the lead organisation's people
STAFF = "staff"  # brokerage staff
PARTNER = "partner"  # people who sign off for a partner organisation other than the lead


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str  # the button
    who: frozenset = frozenset({LEAD, STAFF})
    conditions: tuple = ()
    hint: str = ""  # what happens, shown beside the button
    confirm: str = ""  # when set, the person is asked this on a confirm page first
    page: str = ""  # when set, the URL name of a page that collects details first


TRANSITIONS = [
    Transition(
        S.DRAFT,
        S.INTERNAL_REVIEW,
        "Send for internal review",
        conditions=(has_sections,),
        hint="Partners read the whole bid and comment before it goes for sign-off.",
    ),
    Transition(S.INTERNAL_REVIEW, S.DRAFT, "Return to draft"),
    Transition(
        S.INTERNAL_REVIEW,
        S.AWAITING_SIGN_OFF,
        "Ask partners to sign off",
        conditions=(has_sections, sections_ready, sections_within_limits, no_partner_declined),
        hint="Every partner organisation signs off this exact version.",
    ),
    Transition(
        S.AWAITING_SIGN_OFF,
        S.INTERNAL_REVIEW,
        "Reopen for changes",
        hint="Sign-offs given so far are voided.",
    ),
    Transition(
        S.AWAITING_SIGN_OFF,
        S.INTERNAL_REVIEW,
        "Request changes",
        who=frozenset({PARTNER}),
        page="bids:request_changes",
        hint="Sign-offs given so far are voided and the lead is told what to change.",
    ),
    Transition(
        S.AWAITING_SIGN_OFF,
        S.DRAFT,
        "Decline to take part",
        who=frozenset({PARTNER}),
        page="bids:decline_to_take_part",
        hint="Sign-offs given so far are voided; the lead removes you or you join again.",
    ),
    Transition(
        S.AWAITING_SIGN_OFF,
        S.SUBMITTED,
        "Mark as submitted",
        conditions=(every_partner_signed, sections_within_limits),
        hint="Record that the bid went to the funder as signed.",
    ),
    Transition(
        S.SUBMITTED,
        S.AWARDED,
        "Record the award",
        conditions=(award_recorded,),
        page="bids:award",
        hint="Enter the amount awarded and the date of the award.",
    ),
    Transition(
        S.SUBMITTED,
        S.UNSUCCESSFUL,
        "Record as unsuccessful",
        confirm="Record that the funder turned this bid down?",
    ),
    *[
        Transition(
            state,
            S.WITHDRAWN,
            "Withdraw the bid",
            confirm="Withdraw this bid? It can no longer be changed or submitted.",
        )
        for state in (S.DRAFT, S.INTERNAL_REVIEW, S.AWAITING_SIGN_OFF, S.SUBMITTED)
    ],
]

# The colour of each state's GOV.UK tag.
STATE_TAGS = {
    S.DRAFT: "govuk-tag--grey",
    S.INTERNAL_REVIEW: "govuk-tag--blue",
    S.AWAITING_SIGN_OFF: "govuk-tag--yellow",
    S.SUBMITTED: "govuk-tag--purple",
    S.AWARDED: "govuk-tag--green",
    S.UNSUCCESSFUL: "govuk-tag--red",
    S.WITHDRAWN: "govuk-tag--orange",
}


def transitions_from(state):
    return [t for t in TRANSITIONS if t.source == state]


def find(source, target, roles=None):
    """The move from ``source`` to ``target``; given ``roles``, the one those roles may make
    (two moves can join the same states: the lead reopens, a partner requests changes)."""
    found = [t for t in TRANSITIONS if t.source == source and t.target == target]
    if roles is not None:
        found = [t for t in found if roles & t.who] or found
    return found[0] if found else None
