"""What happens in the members' area, announced once the change is saved.

Rules and views say what happened and nothing more:

    events.announce(Event.REPLY_RECEIVED, reply=reply)

They do not know who is told or how. ``consortium.notifications`` listens to
:data:`happened` (connected in ``ConsortiumConfig.ready``), decides who hears of each event
and emails them from background tasks. This module imports nothing of the domain, so any
rule may announce without an import circle.
"""

from django.db import models
from django.dispatch import Signal

# Sent with ``event`` and the objects the event is about (keyword arguments).
happened = Signal()


class Event(models.TextChoices):
    """What can happen, as each person sees it on their notification settings."""

    JOIN_REQUESTED = "join-requested", "Someone asks to join my organisation"
    MEMBERSHIP_DECIDED = "membership-decided", "My request to join is approved or declined"
    ORGANISATION_REGISTERED = "organisation-registered", "A new organisation registers (staff)"
    REPLY_RECEIVED = "reply-received", "Someone replies to my organisation's listing"
    REPLY_ANSWERED = "reply-answered", "My reply is accepted or declined"
    MESSAGE_RECEIVED = "message-received", "A new message in a conversation on a reply"
    CONVERSATION_REPORTED = "conversation-reported", "A conversation is reported (staff)"
    SHIFT_SIGNED_UP = "shift-signed-up", "A volunteer signs up for my organisation's shift"
    SHIFT_CANCELLED = "shift-cancelled", "A volunteer cancels a sign-up for my organisation's shift"
    AVAILABILITY_ASKED = "availability-asked", "An organisation asks me to help (my availability)"
    AVAILABILITY_ANSWERED = (
        "availability-answered",
        "A volunteer we asked to help accepts or declines",
    )
    MATCH_COMPLETED = "match-completed", "A match is marked complete"
    MATCH_REPORTS_DISAGREE = (
        "match-reports-disagree",
        "The two sides of a match report different figures (staff)",
    )
    REPLY_OVERDUE = "reply-overdue", "A reply has waited more than 5 working days"
    NEED_INACTIVE = "need-inactive", "A need is about to close for lack of activity"
    WATCHED_LISTING = "watched-listing", "A listing I watch for appears"
    LISTING_AWAITING_APPROVAL = "listing-awaiting-approval", "A listing waits for approval (staff)"
    LISTING_REPORTED = "listing-reported", "A listing is reported (staff)"
    ORG_ID_DISPUTED = "org-id-disputed", "Someone disputes an organisation's org-id (staff)"
    ORG_ID_DISPUTE_DECIDED = "org-id-dispute-decided", "Staff decide on my org-id dispute"
    DOCUMENT_EXPIRING = "document-expiring", "One of my organisation's documents expires soon"
    SCHEME_OPENED = "scheme-opened", "A joint-buying scheme opens"
    SCHEME_CLOSING = "scheme-closing", "A joint-buying scheme is about to close"
    SCHEME_PROPOSED = "scheme-proposed", "A member proposes a joint-buying scheme (staff)"
    SCHEME_REVIEWED = "scheme-reviewed", "Staff approve or turn down a scheme I proposed"
    SCHEME_SHORT = "scheme-short", "A scheme my organisation runs closes short of its minimum"
    SCHEME_SHARE = "scheme-share", "My organisation's share of a joint-buying scheme is set"
    SCHEME_CHANGED = (
        "scheme-changed",
        "A scheme my organisation pledged to is extended or cancelled",
    )
    CONSORTIUM_INVITATION = "consortium-invitation", "My organisation is invited to a consortium"
    INVITATION_ANSWERED = (
        "invitation-answered",
        "An organisation answers our consortium's invitation",
    )
    SECTION_ASSIGNED = "section-assigned", "A bid section is assigned to my organisation"
    SECTION_COMMENTED = "section-commented", "Someone comments on a bid section"
    SECTION_COMMENT_REPLIED = (
        "section-comment-replied",
        "Someone replies to my comment on a bid section",
    )
    SECTION_REVIEW_ASKED = (
        "section-review-asked",
        "A bid section I review is ready for my review",
    )
    SECTION_REVIEWED = (
        "section-reviewed",
        "A bid section my organisation writes is approved or returned with comments",
    )
    BID_STATE_CHANGED = "bid-state-changed", "A joint bid moves on (review, submitted, awarded)"
    SIGN_OFF_REQUESTED = "sign-off-requested", "My organisation is asked to sign off a bid"
    SIGN_OFFS_VOIDED = "sign-offs-voided", "A change voids the sign-offs on a bid"
    SIGN_OFF_ANSWERED = (
        "sign-off-answered",
        "A partner asks for changes to our bid, or declines to take part (lead)",
    )
    BID_DEADLINE = "bid-deadline", "A joint bid's deadline is 7 days or 1 day away"


def announce(event, **objects):
    """Say that ``event`` happened; returns the people the listeners will tell."""
    event = Event(event)
    responses = happened.send(sender=Event, event=event, **objects)
    return [person for _, told in responses for person in (told or [])]
