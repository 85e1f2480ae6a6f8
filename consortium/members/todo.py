"""What waits for a signed-in person: the items of the to-do page and the header's count.

Each kind of item is read with one query (``kinds``), so the page costs the same however
much data there is; the header's count is one query over all kinds at once
(``consortium.members.todo_count``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from consortium import compiled, permissions
from consortium.bids import comments
from consortium.bids.models import (
    BidSection,
    BidState,
    ConsortiumMember,
    JointBid,
    SectionStatus,
    SignOff,
)
from consortium.bids.workflow import EDITABLE, FINISHED
from consortium.brokerage.availability import AskStatus, AvailabilityAsk
from consortium.brokerage.conversations import Message
from consortium.brokerage.models import Match, MatchStatus, Reply, ReplyStatus
from consortium.brokerage.outcomes import MatchSide
from consortium.brokerage.shifts import ShiftSignUp
from consortium.buying.models import Pledge, Scheme, SchemeStatus
from consortium.members import todo_review, todo_sections
from consortium.organisations.documents import REMINDER_DAYS, OrganisationDocument
from consortium.permissions import todo as rules

# Members are asked to check their pledge this many days before a scheme's window closes.
PLEDGE_DAYS = 14
# A volunteer's shift shows on their to-do list from this many days before.
SHIFT_DAYS = 7


@dataclass(frozen=True)
class TodoItem:
    title: str
    detail: str
    url: str
    action: str
    due: date | None = None


@dataclass(frozen=True)
class TodoKind:
    key: str
    heading: str
    items: list


def _replies(user, today):
    return Reply.objects.filter(rules.replies_to_answer(user), status=ReplyStatus.WAITING)


def _asks(user, today):
    return AvailabilityAsk.objects.filter(rules.asks_to_answer(user), status=AskStatus.WAITING)


def _either(model, *filters):
    """A filter for the rows matching any of ``filters``, as a union of their keys.

    Each filter then reads its own index. PostgreSQL cannot use an index for an OR across
    two joined tables (a reply's listing's organisation, or the reply's own): it read every
    reply and every match at each page view (0.4 s at scale 10, on every signed-in page
    through the header's count).
    """
    first, *rest = [model.objects.filter(f).order_by().values("pk") for f in filters]
    return Q(pk__in=first.union(*rest))


def _conversations(user, today):
    """Conversations on replies whose latest message came from the other side."""
    poster, replier = rules.my_side_of_conversations(user)
    latest = Message.objects.filter(reply=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Reply.objects.filter(_either(Reply, poster, replier))
        .annotate(last_side=Subquery(latest.values("side")[:1]))
        .filter(
            (poster & Q(last_side=MatchSide.RESPONDER)) | (replier & Q(last_side=MatchSide.OWNER))
        )
    )


def _matches(user, today):
    poster, replier = rules.my_side_of_matches(user)
    return Match.objects.filter(
        _either(Match, poster, replier),
        (poster & _not_said("owner")) | (replier & _not_said("responder")),
        status=MatchStatus.AGREED,
    )


def _not_said(side):
    """The side has not yet said whether the match happened."""
    return Q(**{f"{side}_verdict": ""})


def _pledges(user, today):
    return Pledge.objects.filter(
        rules.organisations_filter(user),
        withdrawn_at__isnull=True,
        scheme__status=SchemeStatus.OPEN,
        scheme__opens_on__lte=today,
        scheme__closes_on__gte=today,
        scheme__closes_on__lte=today + timedelta(days=PLEDGE_DAYS),
    )


def _schemes(user, today):
    return Scheme.objects.filter(permissions.schemes_to_decide(user))


def _documents(user, today):
    return OrganisationDocument.objects.filter(
        rules.organisations_filter(user),
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=REMINDER_DAYS),
    )


def _sections(user, today):
    return BidSection.objects.filter(
        rules.organisations_filter(user, "assigned_to_id"), bid__state__in=EDITABLE
    ).filter(status__in=[SectionStatus.NOT_STARTED, SectionStatus.DRAFTING])


def _commented(user, today):
    return BidSection.objects.filter(
        rules.sections_written_by(user), comments.has_open_threads()
    ).exclude(bid__state__in=FINISHED)


def _sign_offs(user, today):
    signed = SignOff.objects.filter(
        bid=OuterRef("pk"),
        organisation_id=OuterRef("signer_id"),
        bid_version=OuterRef("version"),
        voided_at__isnull=True,
    )
    return (
        JointBid.objects.filter(rules.sign_offs_for(user), state=BidState.AWAITING_SIGN_OFF)
        .annotate(
            signer_id=F("consortium__members__organisation_id"),
            signer_name=F("consortium__members__organisation__name"),
        )
        .filter(~Exists(signed))
        .distinct()
    )


def _invitations(user, today):
    return ConsortiumMember.objects.filter(rules.invitations_to_answer(user)).pending(today)


def _shifts(user, today):
    return ShiftSignUp.objects.filter(
        rules.my_shift_sign_ups(user),
        shift__date__gte=today,
        shift__date__lte=today + timedelta(days=SHIFT_DAYS),
    )


def kinds():
    return [
        ("replies", "Replies waiting for your answer", _replies),
        ("asks", "Organisations asking you to help", _asks),
        ("conversations", "Conversations with a new message", _conversations),
        ("matches", "Matches to confirm or report", _matches),
        ("pledges", "Pledges to check before the window closes", _pledges),
        ("schemes", "Joint-buying schemes that closed short: choose what happens", _schemes),
        ("documents", "Documents expiring within 30 days", _documents),
        ("sections", "Bid sections your organisation is writing", _sections),
        ("commented", "Open comments on your sections", _commented),
        ("to_review", "Sections to review", todo_review.to_review),
        ("returned", "Sections returned to you", todo_review.returned),
        ("sign_offs", "Bids waiting for your organisation's sign-off", _sign_offs),
        ("invitations", "Invitations to join a consortium", _invitations),
        ("shifts", "Volunteering shifts coming up", _shifts),
    ]


def has_anything_to_do(user):
    a = permissions.access(user)
    return a.is_member or a.volunteer


def who(user):
    """Everything of the person that the kinds' queries read, as a key for their kept SQL:
    the person, and their staff, volunteer, organisations, admin and acting-for access."""
    a = permissions.access(user)
    return (
        user.pk,
        a.staff,
        a.volunteer,
        frozenset(a.member_of),
        frozenset(a.admin_of),
        a.acting_for_id,
    )


def items(user, today=None):
    """Every kind with its items, soonest first within a kind.

    One query a kind, except the four kinds of bid section, read together in one; each
    query's SQL is compiled once per process for the person, their access and the day
    (``consortium.compiled``), as building it cost more than running it."""
    today = today or timezone.localdate()
    if not has_anything_to_do(user):
        return [TodoKind(key, heading, []) for key, heading, _ in kinds()]
    key = who(user)
    queries = {name: query for name, _, query in kinds()}
    sections = todo_sections.items(user, today, key, queries, TodoItem)
    found = []
    for name, heading, query in kinds():
        if name in sections:
            found.append(TodoKind(name, heading, sections[name]))
            continue
        shape, item = BUILD[name]
        rows = compiled.rows(
            ("todo", name, key, today), lambda shape=shape, query=query: shape(query(user, today))
        )
        found.append(TodoKind(name, heading, [item(row) for row in rows]))
    return found


def _reply_item(reply):
    return TodoItem(
        title=reply.listing.title,
        detail=f"From {reply.organisation.name if reply.organisation else 'a volunteer'}",
        url=reverse("listings:answer", args=[reply.pk]),
        action="Answer the reply",
    )


def _ask_item(ask):
    return TodoItem(
        title=ask.organisation.name,
        detail=f"Asks if you can help: {ask.availability.summary}",
        url=reverse("listings:availability_ask", args=[ask.pk]),
        action="Accept or decline",
    )


def _conversation_item(reply):
    return TodoItem(
        title=reply.listing.title,
        detail=f"With {reply.organisation.name if reply.organisation else 'a volunteer'}",
        url=reverse("listings:answer", args=[reply.pk]) + "#conversation",
        action="Read and answer",
    )


def _match_item(match):
    return TodoItem(
        title=match.listing.title,
        detail=f"Agreed on {match.created_at:%-d %B %Y}",
        url=reverse("listings:match", args=[match.pk]),
        action="Say whether it happened",
    )


def _pledge_item(pledge):
    return TodoItem(
        title=pledge.scheme.title,
        detail=f"{pledge.organisation.name} pledged {pledge.quantity:g} {pledge.scheme.unit}",
        url=reverse("buying:detail", args=[pledge.scheme.slug]),
        action="Check the pledge",
        due=pledge.scheme.closes_on,
    )


def _scheme_item(scheme):
    return TodoItem(
        title=scheme.title,
        detail=f"{scheme.coordinator.name} runs it; the window closed on "
        f"{scheme.closes_on:%-d %B %Y}, short of the minimum",
        url=reverse("buying:decide", args=[scheme.slug]),
        action="Choose what happens",
    )


def _document_item(document):
    return TodoItem(
        title=document.title,
        detail=document.organisation.name,
        url=reverse("organisations:documents", args=[document.organisation.slug]),
        action="Upload a new version",
        due=document.expires_on,
    )


def _sign_off_item(bid):
    return TodoItem(
        title=bid.title,
        detail=f"For {bid.signer_name}, version {bid.version}",
        url=reverse("bids:sign_off", args=[bid.slug]),
        action="Sign off the bid",
        due=timezone.localdate(bid.deadline) if bid.deadline else None,
    )


def _invitation_item(invitation):
    return TodoItem(
        title=invitation.consortium.name,
        detail=f"{invitation.organisation.name} is invited as "
        f"{invitation.get_role_display().lower()}",
        url=reverse("consortia:answer", args=[invitation.consortium.slug, invitation.pk]),
        action="Accept or decline",
        due=invitation.expires_on,
    )


def _shift_item(signed):
    return TodoItem(
        title=signed.shift.role.listing.title,
        detail=f"{signed.shift.role.listing.organisation.name}, {signed.shift.date:%A} "
        f"{signed.shift}",
        url=reverse("listings:detail", args=[signed.shift.role.listing.pk]) + "#shifts",
        action="See the shift",
    )


# For each kind but the bid sections: what its query reads and in what order, and its item.
BUILD = {
    "replies": (
        lambda q: q.select_related("listing", "organisation", "user").order_by("created_at"),
        _reply_item,
    ),
    "asks": (
        lambda q: q.select_related("organisation", "availability").order_by("created_at"),
        _ask_item,
    ),
    "conversations": (
        lambda q: q.select_related("listing", "organisation").order_by("created_at"),
        _conversation_item,
    ),
    "matches": (lambda q: q.select_related("listing").order_by("created_at"), _match_item),
    "pledges": (
        lambda q: q.select_related("scheme", "organisation").order_by("scheme__closes_on"),
        _pledge_item,
    ),
    "schemes": (
        lambda q: q.select_related("coordinator").order_by("closes_on", "pk"),
        _scheme_item,
    ),
    "documents": (
        lambda q: q.select_related("organisation").order_by("expires_on", "pk"),
        _document_item,
    ),
    "sign_offs": (
        lambda q: q.order_by(F("deadline").asc(nulls_last=True), "pk"),
        _sign_off_item,
    ),
    "invitations": (
        lambda q: q.select_related("consortium", "organisation").order_by("expires_on"),
        _invitation_item,
    ),
    "shifts": (
        lambda q: q.select_related("shift__role__listing__organisation").order_by(
            "shift__date", "shift__starts_at"
        ),
        _shift_item,
    ),
}
