"""The brokerage's rules for offers and needs: posting, moderation, replies, matches, and
the daily jobs. Views call these; they never change a listing's state themselves.

Moderation rule: a listing from an organisation that staff have not yet verified (no
"verified on" date) waits for staff approval; once staff verify the organisation its new
listings appear at once.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from consortium import events, permissions
from consortium.brokerage import conversations, hours
from consortium.brokerage.models import (
    INACTIVE_NEED_DAYS,
    INACTIVE_NEED_WARNING_DAYS,
    REPLY_OVERDUE_WORKING_DAYS,
    ListingKind,
    ListingStatus,
    Match,
    MatchStatus,
    Moderation,
    Reply,
    ReplyStatus,
    Verdict,
    Watch,
)
from consortium.brokerage.outcomes import OUTCOME_FIELDS, MatchReport, apply_agreed
from consortium.events import Event

# Posting and moderation -------------------------------------------------------------------


def needs_approval(organisation):
    """Whether a new listing from ``organisation`` waits for staff (see the module rule)."""
    return organisation.verified_on is None


def publish(listing):
    """Called once a new listing is saved: ask staff to approve it, or tell watchers."""
    if listing.moderation == Moderation.PENDING:
        events.announce(Event.LISTING_AWAITING_APPROVAL, listing=listing)
    else:
        tell_watchers(listing)


def _resolve_reports(listing, by):
    listing.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


@transaction.atomic
def approve_listing(listing, by):
    """Staff approve a waiting listing: it appears to its audience, its open reports are
    resolved, and watchers are told."""
    listing.moderation = Moderation.APPROVED
    listing._change_reason = "Approved by staff"
    listing.save(update_fields=["moderation", "updated_at"])
    _resolve_reports(listing, by)
    tell_watchers(listing)
    return listing


@transaction.atomic
def reject_listing(listing, by, reason=""):
    """Staff reject a listing: it is closed and nobody but its organisation and staff sees
    it; the reason is kept in the listing's history."""
    listing.moderation = Moderation.REJECTED
    listing.status = ListingStatus.CLOSED
    listing._change_reason = f"Rejected by staff: {reason}".strip().rstrip(":")[:100]
    listing.save(update_fields=["moderation", "status", "updated_at"])
    _resolve_reports(listing, by)
    return listing


def resolve_report(report, by):
    """Staff looked at a report and left the listing as it is."""
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report


def watchers_for(listing, today=None):
    """Users whose watch matches the listing and who may see it, never its own people."""
    if listing.moderation != Moderation.APPROVED or not listing.is_open(today):
        return []
    watches = (
        Watch.objects.filter(category=listing.category, user__is_active=True)
        .filter(Q(kind="") | Q(kind=listing.kind))
        .filter(Q(area="") | Q(area=listing.area))
        .exclude(user_id__in=listing.organisation.memberships.approved().values("user_id"))
        .select_related("user")
    )
    people = {watch.user_id: watch.user for watch in watches}
    return [user for user in people.values() if permissions.can_view_listing(user, listing, today)]


def tell_watchers(listing):
    watchers = watchers_for(listing)
    if watchers:
        events.announce(Event.WATCHED_LISTING, listing=listing, watchers=watchers)
    return watchers


def close_listing(listing, by):
    listing.status = ListingStatus.CLOSED
    listing._change_reason = f"Closed by {by}"
    listing.save(update_fields=["status", "updated_at"])
    return listing


def report_listing(listing, reporter, reason):
    report = listing.reports.create(reporter=reporter, reason=reason)
    events.announce(Event.LISTING_REPORTED, listing=listing, report=report)
    return report


# Replies and matches ----------------------------------------------------------------------


def _touch(listing, now=None):
    listing.last_activity_at = now or timezone.now()
    listing.inactivity_warned_at = None
    listing.save(update_fields=["last_activity_at", "inactivity_warned_at", "updated_at"])


@transaction.atomic
def reply_to(listing, user, message, organisation=None, offer=None):
    """Someone replies to a listing, as an organisation (maybe pointing to an offer) or as
    an individual volunteer (``organisation`` None)."""
    reply = Reply.objects.create(
        listing=listing, user=user, organisation=organisation, offer=offer, message=message
    )
    _touch(listing)
    events.announce(Event.REPLY_RECEIVED, reply=reply)
    return reply


@transaction.atomic
def accept_reply(reply, by):
    """The owner accepts: the reply becomes an agreed match and the listing is promised."""
    now = timezone.now()
    reply.status = ReplyStatus.ACCEPTED
    # A message may have answered it first: the first answer is what responsiveness counts.
    reply.answered_at = reply.answered_at or now
    reply.save(update_fields=["status", "answered_at"])
    match = Match.objects.create(reply=reply, listing=reply.listing)
    listing = reply.listing
    listing.status = ListingStatus.PROMISED
    listing.save(update_fields=["status", "updated_at"])
    _touch(listing, now)
    # The replier hears, with the contact details the poster's organisation shares.
    shared = conversations.organisation_contact(listing.organisation)
    events.announce(Event.REPLY_ANSWERED, reply=reply, shared=shared)
    return match


@transaction.atomic
def decline_reply(reply, by):
    now = timezone.now()
    reply.status = ReplyStatus.DECLINED
    reply.answered_at = reply.answered_at or now
    reply.save(update_fields=["status", "answered_at"])
    _touch(reply.listing, now)
    events.announce(Event.REPLY_ANSWERED, reply=reply)
    return reply


def side_of(user, match):
    """ "owner" for the listing's organisation, "responder" for the replier, else None."""
    if permissions.owns_listing(user, match.listing):
        return "owner"
    if permissions.wrote_reply(user, match.reply):
        return "responder"
    return None


def _report(match, side, by, verdict, outcome):
    """Keep this side's report and set the match's agreed figures from both sides' latest
    reports; staff hear when the two sides now disagree."""
    figures = {name: (outcome or {}).get(name) for name in OUTCOME_FIELDS}
    MatchReport.objects.create(match=match, side=side, verdict=verdict, reported_by=by, **figures)
    apply_agreed(match)
    hours.apply_log(match)  # an hours log, when there is one, is the hours counted
    return match.reports_disagree


@transaction.atomic
def confirm_match(match, side, verdict, outcome=None, by=None):
    """One side says the match happened (with its outcome) or was a no-show.

    Its report is kept beside the other side's; the match counts the agreed figures
    (``consortium.brokerage.outcomes``). When both sides have spoken the match is completed
    (both said it happened) or a no-show (either said so); the listing is then matched.
    """
    now = timezone.now()
    setattr(match, f"{side}_verdict", verdict)
    setattr(match, f"{side}_confirmed_at", now)
    disagree = _report(match, side, by, verdict, outcome)
    if match.owner_confirmed_at and match.responder_confirmed_at:
        both_happened = match.owner_verdict == match.responder_verdict == Verdict.COMPLETED
        match.status = MatchStatus.COMPLETED if both_happened else MatchStatus.NO_SHOW
        match.completed_at = now
        listing = match.listing
        listing.status = ListingStatus.MATCHED
        listing.save(update_fields=["status", "updated_at"])
    match.save()
    _touch(match.listing, now)
    if match.status in (MatchStatus.COMPLETED, MatchStatus.NO_SHOW):
        events.announce(Event.MATCH_COMPLETED, match=match)
    if disagree:
        events.announce(Event.MATCH_REPORTS_DISAGREE, match=match)
    return match


@transaction.atomic
def correct_report(match, side, outcome, by=None):
    """A side corrects its own figures: a new report, dated now, with the side's verdict
    unchanged. The other side's report and everything said before are kept."""
    disagree = _report(match, side, by, getattr(match, f"{side}_verdict"), outcome)
    match.save()
    if disagree:
        events.announce(Event.MATCH_REPORTS_DISAGREE, match=match)
    return match


# The daily jobs ------------------------------------------------------------------------


def working_days_between(start, end):
    """Whole working days (Monday to Friday) after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def waiting_days(reply, now=None):
    now = now or timezone.now()
    return (timezone.localdate(now) - timezone.localdate(reply.created_at)).days


def is_overdue(reply, now=None):
    now = now or timezone.now()
    start, end = timezone.localdate(reply.created_at), timezone.localdate(now)
    # A message from the poster's side answers a reply as accepting or declining does.
    return (
        reply.status == ReplyStatus.WAITING
        and reply.answered_at is None
        and working_days_between(start, end) > REPLY_OVERDUE_WORKING_DAYS
    )


def flag_overdue_replies(now=None):
    """Replies waiting more than 5 working days: flag each once, tell owner and staff."""
    now = now or timezone.now()
    # More than 5 working days is always more than 7 calendar days: a cheap first cut.
    candidates = Reply.objects.filter(
        status=ReplyStatus.WAITING,
        overdue_flagged_at__isnull=True,
        answered_at__isnull=True,
        created_at__lt=now - datetime.timedelta(days=REPLY_OVERDUE_WORKING_DAYS),
    ).select_related("listing__organisation", "organisation", "user")
    flagged = []
    for reply in candidates:
        if is_overdue(reply, now):
            reply.overdue_flagged_at = now
            reply.save(update_fields=["overdue_flagged_at"])
            events.announce(Event.REPLY_OVERDUE, reply=reply)
            flagged.append(reply)
    return flagged


def warn_and_close_inactive_needs(now=None):
    """Needs with no activity for 60 days are warned once 7 days before, then closed."""
    from consortium.brokerage.models import Listing

    now = now or timezone.now()
    today = timezone.localdate(now)
    open_needs = Listing.objects.filter(kind=ListingKind.NEED, status=ListingStatus.OPEN)
    # Closed only once the warning has had its 7 days, even if the job once missed a day.
    closing = list(
        open_needs.filter(
            last_activity_at__lte=now - datetime.timedelta(days=INACTIVE_NEED_DAYS),
            inactivity_warned_at__date__lte=today
            - datetime.timedelta(days=INACTIVE_NEED_WARNING_DAYS),
        )
    )
    for listing in closing:
        listing.status = ListingStatus.CLOSED
        listing._change_reason = "Closed after 60 days without activity"
        listing.save(update_fields=["status", "updated_at"])
    warn_after = now - datetime.timedelta(days=INACTIVE_NEED_DAYS - INACTIVE_NEED_WARNING_DAYS)
    warned = list(
        open_needs.filter(last_activity_at__lte=warn_after, inactivity_warned_at__isnull=True)
        .exclude(pk__in=[listing.pk for listing in closing])
        .select_related("organisation")
    )
    for listing in warned:
        listing.inactivity_warned_at = now
        listing.save(update_fields=["inactivity_warned_at"])
        closes_on = max(
            timezone.localdate(listing.last_activity_at)
            + datetime.timedelta(days=INACTIVE_NEED_DAYS),
            today + datetime.timedelta(days=INACTIVE_NEED_WARNING_DAYS),
        )
        events.announce(Event.NEED_INACTIVE, listing=listing, closes_on=closes_on)
    return warned, closing


def expire_offers(today=None):
    """Open offers past their "available until" date become expired."""
    from consortium.brokerage.models import Listing

    today = today or timezone.localdate()
    expired = list(
        Listing.objects.filter(
            kind=ListingKind.OFFER, status=ListingStatus.OPEN, available_until__lt=today
        )
    )
    for listing in expired:
        listing.status = ListingStatus.EXPIRED
        listing._change_reason = "Expired after its available-until date"
        listing.save(update_fields=["status", "updated_at"])
    return len(expired)


def tell_watchers_of_widened_listings(today=None):
    """Listings whose audience widens today: tell the watchers who can see them only now.

    Stateless: someone is told if they may see the listing today but could not yesterday,
    so running the job once a day tells each watcher once.
    """
    from consortium.brokerage.models import Listing

    today = today or timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    widened = Listing.objects.filter(
        Q(members_from=today) | Q(public_from=today),
        moderation=Moderation.APPROVED,
        status=ListingStatus.OPEN,
    ).select_related("organisation")
    told = 0
    for listing in widened:
        newly = [
            user
            for user in watchers_for(listing, today)
            if not permissions.audience_allows(user, listing, yesterday)
        ]
        if newly:
            events.announce(Event.WATCHED_LISTING, listing=listing, watchers=newly)
            told += len(newly)
    return told


def run_daily_jobs(now=None):
    """Everything the brokerage does once a day; returns what it did, for the log."""
    now = now or timezone.now()
    flagged = flag_overdue_replies(now)
    warned, closed = warn_and_close_inactive_needs(now)
    expired = expire_offers(timezone.localdate(now))
    widened = tell_watchers_of_widened_listings(timezone.localdate(now))
    return {
        "watchers told of widened listings": widened,
        "replies flagged overdue": len(flagged),
        "needs warned": len(warned),
        "needs closed": len(closed),
        "offers expired": expired,
    }


@task()
def run_brokerage_jobs():
    """The daily jobs as a background task (the management command runs the same)."""
    return run_daily_jobs()
