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

from consortium import permissions
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
from consortium.members import todo_review
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


def items(user, today=None):
    """Every kind with its items, soonest first within a kind; one query a kind."""
    today = today or timezone.localdate()
    if not has_anything_to_do(user):
        return [TodoKind(key, heading, []) for key, heading, _ in kinds()]
    build = {
        "replies": _reply_items,
        "asks": _ask_items,
        "conversations": _conversation_items,
        "matches": _match_items,
        "pledges": _pledge_items,
        "schemes": _scheme_items,
        "documents": _document_items,
        "sections": _section_items,
        "commented": _commented_items,
        "to_review": lambda q, user: todo_review.to_review_items(q, user, TodoItem),
        "returned": lambda q, user: todo_review.returned_items(q, user, TodoItem),
        "sign_offs": _sign_off_items,
        "invitations": _invitation_items,
        "shifts": _shift_items,
    }
    return [
        TodoKind(key, heading, build[key](query(user, today), user))
        for key, heading, query in kinds()
    ]


def _reply_items(queryset, user):
    replies = queryset.select_related("listing", "organisation", "user").order_by("created_at")
    return [
        TodoItem(
            title=reply.listing.title,
            detail=f"From {reply.organisation.name if reply.organisation else 'a volunteer'}",
            url=reverse("listings:answer", args=[reply.pk]),
            action="Answer the reply",
        )
        for reply in replies
    ]


def _ask_items(queryset, user):
    asks = queryset.select_related("organisation", "availability").order_by("created_at")
    return [
        TodoItem(
            title=ask.organisation.name,
            detail=f"Asks if you can help: {ask.availability.summary}",
            url=reverse("listings:availability_ask", args=[ask.pk]),
            action="Accept or decline",
        )
        for ask in asks
    ]


def _conversation_items(queryset, user):
    replies = queryset.select_related("listing", "organisation").order_by("created_at")
    return [
        TodoItem(
            title=reply.listing.title,
            detail=f"With {reply.organisation.name if reply.organisation else 'a volunteer'}",
            url=reverse("listings:answer", args=[reply.pk]) + "#conversation",
            action="Read and answer",
        )
        for reply in replies
    ]


def _match_items(queryset, user):
    matches = queryset.select_related("listing").order_by("created_at")
    return [
        TodoItem(
            title=match.listing.title,
            detail=f"Agreed on {match.created_at:%-d %B %Y}",
            url=reverse("listings:match", args=[match.pk]),
            action="Say whether it happened",
        )
        for match in matches
    ]


def _pledge_items(queryset, user):
    pledges = queryset.select_related("scheme", "organisation").order_by("scheme__closes_on")
    return [
        TodoItem(
            title=pledge.scheme.title,
            detail=f"{pledge.organisation.name} pledged {pledge.quantity:g} {pledge.scheme.unit}",
            url=reverse("buying:detail", args=[pledge.scheme.slug]),
            action="Check the pledge",
            due=pledge.scheme.closes_on,
        )
        for pledge in pledges
    ]


def _scheme_items(queryset, user):
    schemes = queryset.select_related("coordinator").order_by("closes_on", "pk")
    return [
        TodoItem(
            title=scheme.title,
            detail=f"{scheme.coordinator.name} runs it; the window closed on "
            f"{scheme.closes_on:%-d %B %Y}, short of the minimum",
            url=reverse("buying:decide", args=[scheme.slug]),
            action="Choose what happens",
        )
        for scheme in schemes
    ]


def _document_items(queryset, user):
    documents = queryset.select_related("organisation").order_by("expires_on", "pk")
    return [
        TodoItem(
            title=document.title,
            detail=document.organisation.name,
            url=reverse("organisations:documents", args=[document.organisation.slug]),
            action="Upload a new version",
            due=document.expires_on,
        )
        for document in documents
    ]


def _section_items(queryset, user):
    sections = queryset.select_related("bid").order_by(F("due_on").asc(nulls_last=True), "pk")
    return [
        TodoItem(
            title=section.title,
            detail=f"In the bid “{section.bid.title}”, {section.get_status_display().lower()}",
            url=reverse("bids:section", args=[section.bid.slug, section.pk]),
            action="Write the section",
            due=section.due_on,
        )
        for section in sections
    ]


def _commented_items(queryset, user):
    sections = (
        queryset.select_related("bid")
        .annotate(open_comments=comments.open_count())
        .order_by("bid__title", "sort_order", "pk")
    )
    return [
        TodoItem(
            title=section.title,
            detail=f"In the bid “{section.bid.title}”, {section.open_comments} open "
            f"comment{'' if section.open_comments == 1 else 's'}",
            url=reverse("bids:section", args=[section.bid.slug, section.pk]) + "#comments",
            action="Read and resolve the comments",
        )
        for section in sections
    ]


def _sign_off_items(queryset, user):
    bids = queryset.order_by(F("deadline").asc(nulls_last=True), "pk")
    return [
        TodoItem(
            title=bid.title,
            detail=f"For {bid.signer_name}, version {bid.version}",
            url=reverse("bids:sign_off", args=[bid.slug]),
            action="Sign off the bid",
            due=timezone.localdate(bid.deadline) if bid.deadline else None,
        )
        for bid in bids
    ]


def _invitation_items(queryset, user):
    invitations = queryset.select_related("consortium", "organisation").order_by("expires_on")
    return [
        TodoItem(
            title=invitation.consortium.name,
            detail=f"{invitation.organisation.name} is invited as "
            f"{invitation.get_role_display().lower()}",
            url=reverse("consortia:answer", args=[invitation.consortium.slug, invitation.pk]),
            action="Accept or decline",
            due=invitation.expires_on,
        )
        for invitation in invitations
    ]


def _shift_items(queryset, user):
    sign_ups = queryset.select_related("shift__role__listing__organisation").order_by(
        "shift__date", "shift__starts_at"
    )
    return [
        TodoItem(
            title=signed.shift.role.listing.title,
            detail=f"{signed.shift.role.listing.organisation.name}, {signed.shift.date:%A} "
            f"{signed.shift}",
            url=reverse("listings:detail", args=[signed.shift.role.listing.pk]) + "#shifts",
            action="See the shift",
        )
        for signed in sign_ups
    ]
