"""The one notification path: told what happened, this decides who is told and emails them.

Rules and views announce what happened once it is saved (``consortium.events.announce``);
:func:`on_event` hears every announcement (connected in ``ConsortiumConfig.ready``) and
calls :func:`tell`.

Each event names who hears about it (a function of the objects passed) and is written
from the templates ``consortium/notifications/emails/<event>_subject.txt`` and
``<event>.txt``. People who turned an event off (``Person.muted``) are skipped. Emails are
queued once the database transaction commits, and sent by a background task
(``consortium.notifications.tasks``), which retries when the mail server fails.
Inside ``with messenger.unsent() as held:`` nothing is sent: the demo loader builds its
content so, because what its made-up people do is news to no one.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string

from consortium import permissions
from consortium.events import Event
from consortium.notifications.tasks import send_email

# Events only brokerage staff hear of; others are not offered them on their settings page.
STAFF_EVENTS = {
    Event.ORGANISATION_REGISTERED,
    Event.LISTING_AWAITING_APPROVAL,
    Event.LISTING_REPORTED,
    Event.MATCH_REPORTS_DISAGREE,
    Event.ORG_ID_DISPUTED,
    Event.CONVERSATION_REPORTED,
    Event.SCHEME_PROPOSED,
}


def events_for(user):
    """The events ``user`` may turn on or off, in the order of :class:`Event`."""
    staff = permissions.is_staff(user)
    return [event for event in Event if staff or event not in STAFF_EVENTS]


def _organisation_people(organisation):
    return [m.user for m in organisation.memberships.approved().select_related("user")]


def _organisation_admins(organisation):
    return [m.user for m in organisation.memberships.admins().select_related("user")]


def _all_members():
    return list(
        get_user_model().objects.filter(memberships__status="approved", is_active=True).distinct()
    )


def _speakers_for(member):
    """The people who speak for an organisation in a consortium: its named contacts, or else
    its admins."""
    contacts = list(member.contacts.filter(is_active=True))
    return contacts or _organisation_admins(member.organisation)


def _consortium_people(consortium, exclude=None):
    people = []
    for member in consortium.members.active().select_related("organisation"):
        people += _speakers_for(member)
    return [user for user in people if exclude is None or user.pk != exclude.pk]


def _lead_people(consortium):
    lead = consortium.members.active().filter(role="lead").select_related("organisation")
    return [user for member in lead for user in _speakers_for(member)]


def _section_writers(section):
    """Who speaks for the organisation writing the section (the lead when unassigned)."""
    if section.assigned_to_id is None:
        return _lead_people(section.bid.consortium)
    members = section.bid.consortium.members.active().filter(organisation=section.assigned_to)
    return [user for member in members for user in _speakers_for(member)]


def _reply_authors(reply):
    return _organisation_people(reply.organisation) if reply.organisation else [reply.user]


def _other_side(message, **_):
    """The side of the conversation that did not write ``message``."""
    reply = message.reply
    if message.side == "owner":
        people = _reply_authors(reply)
    else:
        people = _organisation_people(reply.listing.organisation)
    return [user for user in people if user.pk != message.author_id]


# Who is told of each event, given the keyword arguments the caller passed.
RECIPIENTS = {
    Event.JOIN_REQUESTED: lambda membership, **_: (
        _organisation_admins(membership.organisation) or permissions.staff_users()
    ),
    Event.MEMBERSHIP_DECIDED: lambda membership, **_: [membership.user],
    Event.ORGANISATION_REGISTERED: lambda **_: permissions.staff_users(),
    Event.REPLY_RECEIVED: lambda reply, **_: _organisation_people(reply.listing.organisation),
    Event.REPLY_ANSWERED: lambda reply, **_: _reply_authors(reply),
    Event.MESSAGE_RECEIVED: _other_side,
    Event.CONVERSATION_REPORTED: lambda **_: permissions.staff_users(),
    Event.SHIFT_SIGNED_UP: lambda sign_up, **_: _organisation_people(
        sign_up.shift.role.listing.organisation
    ),
    Event.SHIFT_CANCELLED: lambda sign_up, **_: _organisation_people(
        sign_up.shift.role.listing.organisation
    ),
    Event.AVAILABILITY_ASKED: lambda ask, **_: [ask.availability.user],
    Event.AVAILABILITY_ANSWERED: lambda ask, **_: _organisation_people(ask.organisation),
    Event.MATCH_COMPLETED: lambda match, **_: (
        _organisation_people(match.listing.organisation) + _reply_authors(match.reply)
    ),
    Event.MATCH_REPORTS_DISAGREE: lambda **_: permissions.staff_users(),
    Event.REPLY_OVERDUE: lambda reply, **_: (
        _organisation_people(reply.listing.organisation) + permissions.staff_users()
    ),
    Event.NEED_INACTIVE: lambda listing, **_: _organisation_people(listing.organisation),
    Event.WATCHED_LISTING: lambda listing, watchers, **_: list(watchers),
    Event.LISTING_AWAITING_APPROVAL: lambda **_: permissions.staff_users(),
    Event.LISTING_REPORTED: lambda **_: permissions.staff_users(),
    Event.ORG_ID_DISPUTED: lambda **_: permissions.staff_users(),
    Event.ORG_ID_DISPUTE_DECIDED: lambda dispute, **_: [u for u in [dispute.raised_by] if u],
    Event.DOCUMENT_EXPIRING: lambda document, **_: _organisation_people(document.organisation),
    Event.SCHEME_OPENED: lambda **_: _all_members(),
    Event.SCHEME_CLOSING: lambda **_: _all_members(),
    Event.SCHEME_PROPOSED: lambda **_: permissions.staff_users(),
    Event.SCHEME_REVIEWED: lambda scheme, **_: [u for u in [scheme.proposed_by] if u],
    Event.SCHEME_SHORT: lambda scheme, **_: _organisation_people(scheme.coordinator),
    Event.SCHEME_SHARE: lambda pledge, **_: _organisation_people(pledge.organisation),
    Event.SCHEME_CHANGED: lambda pledges, **_: [
        user for pledge in pledges for user in _organisation_people(pledge.organisation)
    ],
    Event.CONSORTIUM_INVITATION: lambda member, **_: _organisation_admins(member.organisation),
    Event.INVITATION_ANSWERED: lambda member, **_: _lead_people(member.consortium),
    Event.SECTION_ASSIGNED: lambda section, **_: [
        user
        for member in section.bid.consortium.members.active().filter(
            organisation=section.assigned_to
        )
        for user in _speakers_for(member)
    ],
    Event.SECTION_COMMENTED: lambda comment, **_: _consortium_people(
        comment.section.bid.consortium, exclude=comment.author
    ),
    Event.SECTION_COMMENT_REPLIED: lambda comment, answered, **_: [
        user for user in [answered.author] if user and user.pk != comment.author_id
    ],
    Event.SECTION_REVIEW_ASKED: lambda section, by, **_: [
        user for user in [section.reviewer] if user and user.pk != by.pk
    ],
    Event.SECTION_REVIEWED: lambda section, by, **_: [
        user for user in _section_writers(section) if user.pk != by.pk
    ],
    Event.BID_STATE_CHANGED: lambda bid, **_: _consortium_people(bid.consortium),
    Event.SIGN_OFF_REQUESTED: lambda bid, **_: _consortium_people(bid.consortium),
    Event.SIGN_OFFS_VOIDED: lambda bid, **_: _consortium_people(bid.consortium),
    Event.SIGN_OFF_ANSWERED: lambda response, **_: _lead_people(response.bid.consortium),
    Event.BID_DEADLINE: lambda bid, **_: _consortium_people(bid.consortium),
}


def recipients(event, **objects):
    """The active users told of ``event``, once each, without those who muted it."""
    seen, people = set(), []
    for user in RECIPIENTS[event](**objects):
        if user.pk in seen or not user.is_active or not user.email:
            continue
        seen.add(user.pk)
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        if person is not None and event.value in (person.muted or []):
            continue
        people.append(user)
    return people


# While set (by :func:`unsent`), the list that collects the emails tell() does not send.
_held = ContextVar("held_emails", default=None)


@contextmanager
def unsent():
    """Send no notification while this runs; yields the list of the (event, address) pairs
    that were not sent. Everything else :func:`tell` does (who it returns) is unchanged."""
    held = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)


def tell(event, **objects):
    """Tell everyone who should hear of ``event``; returns the users who will be emailed."""
    event = Event(event)
    people = recipients(event, **objects)
    held = _held.get()
    if held is not None:
        held.extend((event, user.email) for user in people)
        return people
    for user in people:
        context = {
            "recipient": user,
            "site_url": settings.WAGTAILADMIN_BASE_URL,
            "event": event,
            **objects,
        }
        subject = " ".join(
            render_to_string(
                f"consortium/notifications/emails/{event.value}_subject.txt", context
            ).split()
        )
        body = render_to_string(f"consortium/notifications/emails/{event.value}.txt", context)
        address = user.email

        def enqueue(address=address, subject=subject, body=body):
            send_email.enqueue(to=[address], subject=subject, body=body)

        transaction.on_commit(enqueue, robust=True)
    return people


def on_event(sender, event, **objects):
    """The receiver of ``consortium.events.happened``: tell whoever should hear."""
    return tell(event, **objects)
