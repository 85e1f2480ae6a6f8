"""Section review: a section's writer hands it to its reviewer, who approves it or returns it.

    not started → drafting (the first saved text)
    drafting or changes asked → in review (the writer: "Ready for review")
    in review → approved (the reviewer: "Approve")
    in review → changes asked (the reviewer: "Return with comments", kept as a comment thread)
    not started, drafting or changes asked → approved (the writer, when there is no reviewer)
    in review or approved → drafting (a saved change to the text)

Every move is a saved version of the section, so its history says who moved it ("Approved by
Ruth Rowe"). Who may make which move is ``consortium.permissions.section_review``; this
module checks only that the move fits the section's state now. A bid is ready for sign-off
when every section is approved (``consortium.bids.workflow.sections_ready``).
"""

from django.db import transaction
from django.db.models import Q

from consortium import events
from consortium.bids import comments, drafting
from consortium.bids.models import BidSection, SectionStatus
from consortium.events import Event

S = SectionStatus

# The most a reviewer's note may hold; the note is kept as a comment thread.
MAX_NOTE_LENGTH = 3000

# Where each move may start from, and where it ends.
MOVES = {
    "ready": ({S.NOT_STARTED, S.DRAFTING, S.CHANGES_ASKED}, S.IN_REVIEW),
    "approve": ({S.IN_REVIEW}, S.APPROVED),
    "return": ({S.IN_REVIEW}, S.CHANGES_ASKED),
    "approve-directly": ({S.NOT_STARTED, S.DRAFTING, S.CHANGES_ASKED}, S.APPROVED),
}
SAID = {
    "ready": "Marked ready for review",
    "approve": "Approved",
    "return": "Returned with comments",
    "approve-directly": "Approved",
}
# A saved change to the text of a section in these states needs reviewing again.
REOPENED_BY_EDITS = {S.IN_REVIEW, S.APPROVED}


class ReviewRefused(Exception):
    """The move does not fit the section now; the message says why."""


def name_of(user):
    return (user.get_full_name() or user.username) if user else "someone"


def _move(section, move, user, check_length=False):
    starts, ends = MOVES[move]
    with transaction.atomic():
        current = BidSection.objects.select_for_update().get(pk=section.pk)
        if current.status not in starts:
            raise ReviewRefused(
                f"The section is {current.get_status_display().lower()} now: reload the page"
            )
        over = drafting.words_over(current, current.body)
        if check_length and over:
            raise ReviewRefused(
                f"The section is {over} {'word' if over == 1 else 'words'} over its limit of "
                f"{current.word_limit}. Cut it first"
            )
        if check_length and not current.body.strip():
            raise ReviewRefused("Write the section first: it has no text")
        current.status = ends
        current.version += 1
        current.updated_by = user
        current._history_user = user
        current._change_reason = f"{SAID[move]} by {name_of(user)}"[:100]
        current.save()
    section.status, section.version = current.status, current.version
    return current


def mark_ready(section, user):
    """The writer hands the section to its reviewer, who is told."""
    moved = _move(section, "ready", user, check_length=True)
    events.announce(Event.SECTION_REVIEW_ASKED, section=section, by=user)
    return moved


def approve(section, user):
    """The reviewer approves the section; the writer is told. Without a reviewer, the writer
    (or the lead) approves it."""
    direct = section.reviewer_id is None
    moved = _move(section, "approve-directly" if direct else "approve", user, check_length=True)
    if not direct:
        events.announce(Event.SECTION_REVIEWED, section=section, by=user, note=None)
    return moved


def return_with_comments(section, user, organisation_id, note, paragraph=None):
    """The reviewer returns the section; the note becomes a comment thread (on a paragraph
    when one is chosen) and the writer is told."""
    with transaction.atomic():
        moved = _move(section, "return", user)
        comment = comments.add_comment(section, user, organisation_id, note, paragraph)
    events.announce(Event.SECTION_REVIEWED, section=section, by=user, note=comment)
    return moved


def edit_changes(section, body):
    """What a save of ``body`` does to the section's state, as (extra changes, history note):
    a not-started section is now being drafted; one in review or approved goes back to
    drafting (the page says so before saving)."""
    if body == section.body:
        return {}, None
    if section.status == S.NOT_STARTED and body.strip():
        return {"status": S.DRAFTING}, None
    if section.status in REOPENED_BY_EDITS:
        was = "approved" if section.status == S.APPROVED else "in review"
        return {"status": S.DRAFTING}, f"Back to drafting: the text changed while {was}"
    return {}, None


def settings_changes(section, changes):
    """The lead's new settings, with what they do to the review: a section in review whose
    reviewer is taken away goes back to drafting."""
    if "reviewer" in changes and changes["reviewer"] is None and section.status == S.IN_REVIEW:
        return {**changes, "status": S.DRAFTING}
    return changes


def blocking(sections):
    """Why each section not yet approved blocks sign-off: [(section, reason)], in order.
    Reads only the sections given (with their reviewers selected)."""
    reasons = []
    for section in sections:
        if section.status == S.APPROVED:
            continue
        reviewer = name_of(section.reviewer) if section.reviewer_id else None
        if section.status == S.IN_REVIEW:
            why = f"In review by {reviewer}" if reviewer else "In review"
        elif section.status == S.CHANGES_ASKED:
            why = f"Changes asked by {reviewer}" if reviewer else "Changes asked"
        elif section.status == S.DRAFTING:
            why = "Drafting" + ("" if reviewer else ", with no reviewer")
        else:
            why = "Not started"
        reasons.append((section, why))
    return reasons


def to_review(user):
    """Sections waiting for ``user``'s review (a Q on BidSection)."""
    return Q(reviewer=user, status=S.IN_REVIEW)
