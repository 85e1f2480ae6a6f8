"""What staff may restore from the history of offers, needs, replies, matches, volunteering
roles and volunteers' availability.

A restore is a new save: it may bring back what staff could write in an edit (a title, a
description, dates, an audience), never a state that only the brokerage's own steps set
(``consortium.brokerage.rules``): a listing is promised or matched only through an accepted
reply, approved or rejected only by moderation, and a match is completed only by both sides.
"""

from django.utils import timezone

from consortium.brokerage.availability import Availability, AvailabilityAsk
from consortium.brokerage.models import (
    Listing,
    ListingKind,
    ListingReport,
    ListingStatus,
    Match,
    MatchStatus,
    Reply,
    Watch,
)
from consortium.brokerage.outcomes import OUTCOME_FIELDS
from consortium.brokerage.shifts import VolunteerRole
from consortium.history import differs, label, restore_check

FINISHED_MATCHES = (MatchStatus.COMPLETED, MatchStatus.NO_SHOW)
MATCHED_STATES = (ListingStatus.PROMISED, ListingStatus.MATCHED)


@restore_check(Listing)
def listing(current, restored):
    if differs(current, restored, "organisation", "kind"):
        return "a listing stays the offer or need of the organisation that posted it."
    if differs(current, restored, "moderation"):
        return (
            f"the listing is {label(current, 'moderation')}; approve or reject it with the "
            "moderation buttons instead."
        )
    if not differs(current, restored, "status"):
        return ""
    live = current.matches.exclude(status=MatchStatus.CANCELLED).order_by("-created_at").first()
    if live is not None:
        return (
            f"its match is {label(live, 'status')}, so the listing must stay "
            f"{label(current, 'status')}."
        )
    if restored.status in MATCHED_STATES:
        return (
            f"a listing becomes {label(restored, 'status')} only when a reply is accepted, "
            "and it has no match."
        )
    today = timezone.localdate()
    if (
        restored.status == ListingStatus.OPEN
        and restored.kind == ListingKind.OFFER
        and restored.available_until
        and restored.available_until < today
    ):
        return (
            f"the offer was available until {restored.available_until:%-d %B %Y}, "
            "so it cannot be open again; change that date first."
        )
    return ""


@restore_check(Reply)
def reply(current, restored):
    if differs(current, restored, "listing", "user", "organisation"):
        return "a reply stays with the listing and the person who wrote it."
    if differs(current, restored, "status", "answered_at"):
        return f"the reply is {label(current, 'status')}; only the listing's owner answers a reply."
    return ""


@restore_check(Match)
def match(current, restored):
    if current.status in FINISHED_MATCHES:
        return (
            f"the match is {label(current, 'status')} and counted in the impact figures; "
            "it never changes afterwards."
        )
    if differs(
        current,
        restored,
        "reply",
        "listing",
        "status",
        "owner_verdict",
        "responder_verdict",
        "owner_confirmed_at",
        "responder_confirmed_at",
        "completed_at",
    ):
        return "only the two sides of a match confirm it or say it did not happen."
    if differs(current, restored, *OUTCOME_FIELDS, "reports_disagree"):
        return (
            "a match's figures are agreed from the two sides' own reports; "
            "each side corrects its own report on the match page."
        )
    return ""


@restore_check(Watch)
def watch(current, restored):
    if differs(current, restored, "user"):
        return "a watch stays with the person who set it."
    return ""


@restore_check(ListingReport)
def listing_report(current, restored):
    if differs(current, restored, "listing", "reporter", "reason"):
        return "a report says what its reporter wrote about one listing; that never changes."
    return ""


@restore_check(VolunteerRole)
def volunteer_role(current, restored):
    if differs(current, restored, "listing"):
        return "a role stays with the volunteering need it describes."
    return ""


@restore_check(Availability)
def availability(current, restored):
    if differs(current, restored, "user"):
        return "availability stays with the volunteer who gave it."
    if differs(current, restored, "status"):
        return (
            f"the availability is {label(current, 'status')}; only the volunteer withdraws "
            "it or says when they can help again."
        )
    return ""


@restore_check(AvailabilityAsk)
def availability_ask(current, restored):
    if differs(current, restored, "availability", "organisation", "asked_by", "message"):
        return "a request says what one organisation asked one volunteer; that never changes."
    if differs(current, restored, "status", "answered_at"):
        return f"the request is {label(current, 'status')}; only the volunteer answers it."
    return ""
